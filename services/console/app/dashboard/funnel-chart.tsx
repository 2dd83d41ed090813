/** planned → sent → delivered → paid, one group of bars per channel, stage or campaign. */
import ReactECharts from 'echarts-for-react';
import { CHART_RENDERING } from './chart-rendering';
import { useTranslation } from 'react-i18next';
import type { FunnelRow } from '../api/types';

export const FUNNEL_STEPS = ['planned', 'sent', 'delivered', 'paid'] as const;

export function FunnelChart({
  rows,
  axisName,
  testId,
}: {
  readonly rows: readonly FunnelRow[];
  readonly axisName: string;
  readonly testId: string;
}) {
  const { t } = useTranslation();
  const option = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 56, right: 24, bottom: 56, top: 40 },
    xAxis: {
      type: 'category',
      name: axisName,
      nameLocation: 'middle',
      nameGap: 32,
      data: rows.map((row) => row.key),
    },
    yAxis: {
      type: 'value',
      name: t('dashboard.messages'),
      minInterval: 1,
    },
    series: FUNNEL_STEPS.map((step) => ({
      name: t(`dashboard.${step}`),
      type: 'bar',
      data: rows.map((row) => row[step]),
    })),
  };
  return (
    <div data-testid={testId}>
      <ReactECharts opts={CHART_RENDERING} option={option} style={{ height: 320 }} notMerge />
    </div>
  );
}
