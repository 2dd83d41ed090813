import { defaultTemplatesDir } from '@kindly/renderer';
import { AllSettingsSchema } from '../run-all/start-all.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Where the doctor looks: each from its own setting, so that one bad setting hides no other check. */
export interface DoctorTarget {
  /** Absent when `KAFKA_BROKERS` is unset or does not parse (the settings check says so). */
  readonly kafkaBrokers: readonly string[] | undefined;
  readonly mongoUri: string | undefined;
  readonly mongoDatabase: string | undefined;
  readonly topicPrefix: string | undefined;
  /** The templates folder, whose `senders.yaml` the renderer reads. */
  readonly templatesDir: string;
  readonly fallbackSender: string | undefined;
}

export function targetOf(env: Env): DoctorTarget {
  const shape = AllSettingsSchema.shape;
  // As parseConfig does: an empty variable counts as unset, so that its default applies.
  const value = (name: string) => (env[name] === '' ? undefined : env[name]);
  const parsed = <T>(result: { success: true; data: T } | { success: false }) =>
    result.success ? result.data : undefined;
  return {
    kafkaBrokers: parsed(shape.KAFKA_BROKERS.safeParse(value('KAFKA_BROKERS'))),
    mongoUri: parsed(shape.MONGODB_URI.safeParse(value('MONGODB_URI'))),
    mongoDatabase: parsed(shape.MONGODB_DATABASE.safeParse(value('MONGODB_DATABASE'))),
    topicPrefix: parsed(shape.KAFKA_TOPIC_PREFIX.safeParse(value('KAFKA_TOPIC_PREFIX'))),
    templatesDir:
      parsed(shape.RENDERER_TEMPLATES_DIR.safeParse(value('RENDERER_TEMPLATES_DIR'))) ??
      defaultTemplatesDir,
    fallbackSender: parsed(
      shape.RENDERER_FALLBACK_SENDER.safeParse(value('RENDERER_FALLBACK_SENDER')),
    ),
  };
}
