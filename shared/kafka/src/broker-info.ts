import kafkajs, { type Admin } from 'kafkajs';

// kafkajs is CommonJS: Node's ESM loader does not see `ConfigResourceTypes` as a named export.
const { ConfigResourceTypes } = kafkajs;

export interface BrokerInfo {
  readonly brokerCount: number;
  /** The broker's newest inter-broker protocol, e.g. `3.9-IV0`: the Kafka release line it runs. */
  readonly protocolVersion: string;
  readonly clusterId: string;
}

/** Asks the cluster who it is: used by smoke tests and `infra` status to name what answered. */
export async function describeBroker(admin: Admin): Promise<BrokerInfo> {
  const cluster = await admin.describeCluster();
  const nodeId = cluster.brokers[0]?.nodeId ?? cluster.controller ?? 1;
  const configs = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [
      {
        type: ConfigResourceTypes.BROKER,
        name: String(nodeId),
        configNames: ['inter.broker.protocol.version'],
      },
    ],
  });
  const entry = configs.resources[0]?.configEntries[0];
  return {
    brokerCount: cluster.brokers.length,
    protocolVersion: entry?.configValue ?? 'unknown',
    clusterId: cluster.clusterId,
  };
}
