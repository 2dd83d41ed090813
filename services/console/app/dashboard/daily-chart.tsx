import ReactECharts from 'echarts-for-react';
import { CHART_RENDERING } from './chart-rendering';
import { useTranslation } from 'react-i18next';
import type { Dashboard } from '../api/types';
import { FUNNEL_STEPS } from './funnel-chart';

export function DailyChart({ days }: { readonly days: Dashboard['daily'] }) {
  const { t } = useTranslation();
  const option = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 56, right: 24, bottom: 56, top: 40 },
    xAxis: {
      type: 'category',
      name: t('dashboard.date'),
      nameLocation: 'middle',
      nameGap: 32,
      data: days.map((day) => day.date),
    },
    yAxis: { type: 'value', name: t('dashboard.messages'), minInterval: 1 },
    series: FUNNEL_STEPS.map((step) => ({
      name: t(`dashboard.${step}`),
      type: 'line',
      smooth: false,
      data: days.map((day) => day[step]),
    })),
  };
  return (
    <div data-testid="chart-daily">
      <ReactECharts opts={CHART_RENDERING} option={option} style={{ height: 320 }} notMerge />
    </div>
  );
}
