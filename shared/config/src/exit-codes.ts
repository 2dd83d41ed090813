/**
 * What `kindly` and each of its commands end with, for scripts and schedulers:
 * 0 done; 1 done, with findings (a bad line, a violation, a failed check); 2 a usage mistake
 * (an unknown command or option, a missing argument); 69 a system it needs is away (Kafka,
 * MongoDB); 78 a setting is missing or wrong (EX_CONFIG: a supervisor should not retry).
 */
export const EXIT = {
  ok: 0,
  findings: 1,
  usage: 2,
  unavailable: 69,
  settings: 78,
} as const;
