import ReactECharts from 'echarts-for-react';
import { CHART_RENDERING } from './chart-rendering';
import { useTranslation } from 'react-i18next';
import type { Dashboard } from '../api/types';

export function SuppressionsChart({ rows }: { readonly rows: Dashboard['suppressions'] }) {
  const { t } = useTranslation();
  const sorted = [...rows].sort((a, b) => a.count - b.count);
  const option = {
    tooltip: { trigger: 'axis' },
    // Reasons are long codes: horizontal bars keep them readable.
    grid: { left: 200, right: 48, bottom: 48, top: 16 },
    xAxis: {
      type: 'value',
      name: t('dashboard.messages'),
      nameLocation: 'middle',
      nameGap: 28,
      minInterval: 1,
    },
    yAxis: { type: 'category', name: t('dashboard.reason'), data: sorted.map((r) => r.reason) },
    series: [{ name: t('dashboard.count'), type: 'bar', data: sorted.map((r) => r.count) }],
  };
  return (
    <div data-testid="chart-suppressions">
      <ReactECharts
        opts={CHART_RENDERING}
        option={option}
        style={{ height: Math.max(200, 48 + sorted.length * 28) }}
        notMerge
      />
    </div>
  );
}
