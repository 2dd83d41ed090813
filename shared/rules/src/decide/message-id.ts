import { deterministicId, type OutreachChannel } from '@kindly/contracts';

/*
 * Message ids by their parts. An id is a SHA-1 over its parts (a pure function) and costs more
 * than the rest of a decision; an account is planned again on every event about it, with the
 * same parts. The ids are kept in maps nested by part (tenant, account, cycle, stage, channel):
 * a lookup hashes strings the decision already holds, whose hashes the engine keeps, instead of
 * building and hashing a key. Cleared when full, so it stays small.
 */
const MESSAGE_ID_CACHE_SIZE = 8_192;
type ByChannel = Map<OutreachChannel, string>;
type ByStage = Map<number, ByChannel>;
type ByCycle = Map<string, ByStage>;
const messageIds = new Map<string, Map<string, ByCycle>>();
let cachedIds = 0;

function child<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

/**
 * The id of the message of one account's overdue cycle, stage and channel: the same facts
 * always give the same id, so planning twice cannot produce two messages.
 */
export function messageIdOf(
  tenantId: string,
  accountId: string,
  cycleId: string,
  stage: number,
  channel: OutreachChannel,
): string {
  const cached = messageIds.get(tenantId)?.get(accountId)?.get(cycleId)?.get(stage)?.get(channel);
  if (cached !== undefined) return cached;
  const id = deterministicId('message', tenantId, accountId, cycleId, String(stage), channel);
  if (cachedIds >= MESSAGE_ID_CACHE_SIZE) {
    messageIds.clear();
    cachedIds = 0;
  }
  const byAccount = child(messageIds, tenantId, () => new Map<string, ByCycle>());
  const byCycle = child(byAccount, accountId, () => new Map<string, ByStage>());
  const byStage = child(byCycle, cycleId, () => new Map<number, ByChannel>());
  child(byStage, stage, () => new Map<OutreachChannel, string>()).set(channel, id);
  cachedIds += 1;
  return id;
}
