/**
 * The Docker path: when a container runtime answers, start Apache Kafka (Confluent's 7.9 image
 * carries Apache Kafka 3.9, the line infra/local runs) and MongoDB 7 with testcontainers.
 * Imports are dynamic so that the Docker-less path never loads the Docker client.
 */
export interface StartedContainers {
  kafkaBrokers: string[];
  mongoUri: string;
  stop: () => Promise<void>;
}

export async function startContainers(): Promise<StartedContainers | null> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  try {
    await getContainerRuntimeClient();
  } catch {
    return null; // no runtime: the caller falls back to infra/local
  }
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const { MongoDBContainer } = await import('@testcontainers/mongodb');
  const [kafka, mongo] = await Promise.all([
    new KafkaContainer('confluentinc/cp-kafka:7.9.1').withKraft().start(),
    new MongoDBContainer('mongo:7.0').start(),
  ]);
  return {
    kafkaBrokers: [`${kafka.getHost()}:${kafka.getMappedPort(9093)}`],
    mongoUri: `${mongo.getConnectionString().replace(/\/+$/, '')}/?directConnection=true`,
    stop: async () => {
      await Promise.all([kafka.stop(), mongo.stop()]);
    },
  };
}
