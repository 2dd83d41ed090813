/**
 * Conversion per group as bars; for each variant, the uplift over the holdout with its 95 %
 * interval as a point and whisker, on a second axis in percentage points.
 */
import ReactECharts from 'echarts-for-react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ReportGroup } from '../api/types';

export function groupName(group: ReportGroup, t: TFunction): string {
  return group.arm.group === 'holdout'
    ? t('campaigns.holdout')
    : t('campaigns.variant', { variant: group.arm.variant ?? '?' });
}

const percent = (value: number) => Number((100 * value).toFixed(2));

export function ReportChart({ groups }: { readonly groups: readonly ReportGroup[] }) {
  const { t } = useTranslation();
  const names = groups.map((g) => groupName(g, t));
  const uplift = groups.map((g) => (g.uplift.available ? g.uplift.value : undefined));
  const option = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 64, right: 72, bottom: 48, top: 48 },
    xAxis: { type: 'category', data: names },
    yAxis: [
      { type: 'value', name: `${t('campaigns.conversion')} (%)`, min: 0 },
      { type: 'value', name: `${t('campaigns.uplift')} (pp)` },
    ],
    series: [
      {
        name: t('campaigns.conversion'),
        type: 'bar',
        data: groups.map((g) => (g.conversion.available ? percent(g.conversion.value) : null)),
      },
      {
        name: t('campaigns.uplift'),
        type: 'scatter',
        yAxisIndex: 1,
        symbolSize: 10,
        data: uplift.map((u) => (u ? percent(u.difference) : null)),
      },
      {
        // The interval: an invisible base up to the lower bound, then a thin bar to the upper one.
        name: 'ci-base',
        type: 'bar',
        stack: 'ci',
        yAxisIndex: 1,
        barWidth: 4,
        itemStyle: { color: 'transparent' },
        tooltip: { show: false },
        data: uplift.map((u) => (u ? percent(u.ci95.lower) : null)),
      },
      {
        name: '95 %',
        type: 'bar',
        stack: 'ci',
        yAxisIndex: 1,
        barWidth: 4,
        itemStyle: { color: '#fa8c16' },
        data: uplift.map((u) => (u ? percent(u.ci95.upper - u.ci95.lower) : null)),
      },
    ],
  };
  return (
    <div data-testid="report-chart">
      <ReactECharts option={option} style={{ height: 340 }} notMerge />
    </div>
  );
}
