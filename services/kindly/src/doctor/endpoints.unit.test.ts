import { describe, expect, it } from 'vitest';
import { addressOf, brokerEndpoint, mongoEndpoints } from './endpoints.js';

describe('where the doctor says a server is', () => {
  it('reads a broker as host and port', () => {
    expect(brokerEndpoint('kafka-1:9092')).toEqual({ host: 'kafka-1', port: 9092 });
  });

  it('reads every host of a MongoDB URI, never its user or password', () => {
    const { srv, endpoints } = mongoEndpoints(
      'mongodb://kindly:s3cret@db-1:27018,db-2,[::1]:27019/kindly?replicaSet=rs0',
    );
    expect(srv).toBe(false);
    expect(endpoints.map(addressOf)).toEqual(['db-1:27018', 'db-2:27017', '[::1]:27019']);
    expect(JSON.stringify(endpoints)).not.toContain('s3cret');
  });

  it('marks an SRV URI, whose hosts the driver looks up', () => {
    expect(mongoEndpoints('mongodb+srv://u:p@cluster0.example.net/')).toEqual({
      srv: true,
      endpoints: [{ host: 'cluster0.example.net', port: 0 }],
    });
  });
});
