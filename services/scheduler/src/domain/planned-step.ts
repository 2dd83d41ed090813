import { channelStepOf, type PassedOverStep, type StrategyCatalog } from '@kindly/rules';
import type { OutreachPlannedV1Payload } from '@kindly/contracts';

/** What the release carries forward about the plan's strategy step, for the later last looks. */
export interface PlannedStepFacts {
  readonly templateKind?: string;
  readonly notice?: boolean;
}

/**
 * The plan's step: its `templateKind` as the plan names it (plans made before it was carried
 * name none, so the catalog is asked), and whether it is one of the strategy's notices. Nothing
 * when the catalog no longer has the step.
 */
export function plannedStepOf(
  catalog: StrategyCatalog,
  plan: OutreachPlannedV1Payload,
): PlannedStepFacts {
  const step = channelStepOf(catalog, plan);
  const strategy = catalog.strategies.find(
    (s) => s.strategyId === plan.strategyId && s.version === plan.strategyVersion,
  );
  const notice =
    step === undefined
      ? undefined
      : (strategy?.notices ?? []).some((n) => n.channels.includes(step));
  const templateKind = plan.templateKind ?? step?.templateKind;
  return {
    ...(templateKind !== undefined ? { templateKind } : {}),
    ...(notice !== undefined ? { notice } : {}),
  };
}

/**
 * The steps of the plan's stage it passed over as ineligible (`passedOver`), for the last look's
 * supersession: read from the plan's own strategy version and stage, as its own step is. A
 * channel the catalog no longer has there is left out (nothing to judge it by).
 */
export function passedOverStepsOf(
  catalog: StrategyCatalog,
  plan: OutreachPlannedV1Payload,
): readonly PassedOverStep[] {
  return (plan.passedOver ?? []).flatMap((channel) => {
    // The stage's step: no template id, so no notice's step is taken for it.
    const { strategyId, strategyVersion, stage } = plan;
    const step = channelStepOf(catalog, { strategyId, strategyVersion, stage, channel });
    return step === undefined ? [] : [step];
  });
}
