import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runDemo } from './run-demo.js';

/** `kindly demo [--accounts N] [--days D] [--out DIR]`, with Kafka and MongoDB from the environment. */
export async function demoCommand(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      accounts: { type: 'string', default: '1000' },
      days: { type: 'string', default: '60' },
      out: { type: 'string', default: join(process.cwd(), '.cache', 'demo') },
    },
  });
  const accounts = Number(values.accounts);
  const days = Number(values.days);
  const brokers = process.env['KAFKA_BROKERS'];
  const mongoUri = process.env['MONGODB_URI'];
  if (!brokers || !mongoUri || !(accounts > 0) || !(days > 0)) {
    process.stderr.write(
      'kindly demo: needs KAFKA_BROKERS and MONGODB_URI (npm run demo sets them)\n',
    );
    return 2;
  }
  const result = await runDemo({
    accounts,
    days,
    outDir: values.out,
    kafkaBrokers: brokers.split(','),
    mongoUri,
    log: (line) => process.stdout.write(`${line}\n`),
    progress: (line) => process.stderr.write(line),
  });
  return result.ok ? 0 : 1;
}
