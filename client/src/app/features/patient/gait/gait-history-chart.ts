import type { EChartsCoreOption } from 'echarts/core';
import { SI_BAND, calendar, isLowData, shortDay, type GaitHistoryData } from './gait-days';

const WALK = '#0072B2';
const CADENCE = '#009E73';
const SI = '#D55E00';
const BASELINE = '#52606d';

/**
 * The history chart: three stacked grids over the same days — walking minutes (bars), median
 * cadence and stance SI (lines) — each with the patient's baseline as a dashed line; the SI grid
 * shades the normal band. Days with little data are drawn hatched and pale, and say so in the
 * tooltip; days without figures are gaps.
 */
export function gaitHistoryOption(
  data: GaitHistoryData,
  days: number,
  now: number,
  fontSize: number,
): EChartsCoreOption {
  const cal = calendar(now, days, data.days);
  const labels = cal.map((d) => shortDay(d.day));
  const low = cal.map((d) => d.figures !== null && isLowData(d.figures));
  const b = data.baseline;
  const baseline = (value: number | null, label: string) =>
    value === null
      ? { data: [] }
      : {
          silent: true,
          symbol: 'none',
          lineStyle: { color: BASELINE, type: 'dashed', width: 1.5 },
          label: { formatter: label, color: BASELINE, fontSize: fontSize - 1, position: 'insideEndTop' },
          data: [{ yAxis: value }],
        };
  const grids = [
    { top: 1.5 * fontSize, height: '24%' },
    { top: '40%', height: '22%' },
    { top: '70%', height: '22%' },
  ].map((g) => ({ ...g, left: 4 * fontSize, right: 16, outerBoundsMode: 'none' }));
  const axisLabel = { color: '#52606d', fontSize };
  return {
    animation: false,
    textStyle: { fontSize },
    grid: grids,
    tooltip: {
      trigger: 'axis',
      confine: true,
      formatter: (params: unknown) => {
        const list = params as { dataIndex: number }[];
        const i = list[0]?.dataIndex ?? 0;
        const d = cal[i];
        if (!d?.figures) return `${labels[i]}: no gait figures`;
        const f = d.figures;
        return [
          `<b>${labels[i]}</b>${low[i] ? ' — low data' : ''}`,
          `Walking ${f.walkingMinutes.toFixed(0)} min · ${f.steps} steps · ${f.bouts} bouts`,
          `Cadence ${f.cadence?.toFixed(0) ?? '–'} steps/min`,
          `Stance SI ${f.stanceSI?.toFixed(1) ?? '–'} % · stride ratio ${f.strideRatio?.toFixed(2) ?? '–'}`,
          `${f.minutesCovered} min with figures`,
        ].join('<br>');
      },
    },
    xAxis: grids.map((_, i) => ({
      type: 'category',
      gridIndex: i,
      data: labels,
      axisLabel: { ...axisLabel, show: i === 2, hideOverlap: true },
      axisTick: { show: i === 2 },
      axisLine: { lineStyle: { color: '#9aa7b6' } },
    })),
    yAxis: [
      { name: 'walking min', min: 0 },
      { name: 'steps/min', scale: true },
      // The SI axis always shows the whole normal band, so a day inside it reads as inside.
      {
        name: 'stance SI %',
        // Whole tens, so the labels fall on the split lines and never overlap at the ends.
        min: (v: { min: number }) => Math.floor(Math.min(v.min, SI_BAND.low) / 10) * 10,
        max: (v: { max: number }) => Math.ceil(Math.max(v.max, SI_BAND.high) / 10) * 10,
      },
    ].map((y, i) => ({
      type: 'value',
      gridIndex: i,
      ...y,
      nameTextStyle: { color: '#52606d', fontSize, align: 'left' },
      nameGap: 6,
      axisLabel,
      splitNumber: 3,
      splitLine: { lineStyle: { color: '#edf0f4' } },
    })),
    series: [
      {
        id: 'walk',
        name: 'Walking minutes',
        type: 'bar',
        xAxisIndex: 0,
        yAxisIndex: 0,
        barMaxWidth: 28,
        data: cal.map((d, i) => ({
          value: d.figures?.walkingMinutes ?? null,
          itemStyle: low[i]
            ? {
                color: 'rgba(0, 114, 178, 0.3)',
                borderColor: WALK,
                borderType: 'dashed',
                borderWidth: 1,
                decal: {
                  symbol: 'rect',
                  dashArrayX: [1, 0],
                  dashArrayY: [2, 3],
                  rotation: -0.78,
                  color: 'rgba(255,255,255,0.8)',
                },
              }
            : { color: WALK },
        })),
        markLine: baseline(b.walkingMinutesPerDay, 'baseline'),
      },
      {
        id: 'cadence',
        name: 'Median cadence',
        type: 'line',
        xAxisIndex: 1,
        yAxisIndex: 1,
        color: CADENCE,
        connectNulls: false,
        symbolSize: 7,
        data: cal.map((d, i) => ({
          value: d.figures?.cadence ?? null,
          symbol: low[i] ? 'emptyCircle' : 'circle',
        })),
        markLine: baseline(b.cadence, 'baseline'),
      },
      {
        id: 'si',
        name: 'Stance SI',
        type: 'line',
        xAxisIndex: 2,
        yAxisIndex: 2,
        color: SI,
        connectNulls: false,
        symbolSize: 7,
        data: cal.map((d, i) => ({
          value: d.figures?.stanceSI ?? null,
          symbol: low[i] ? 'emptyCircle' : 'circle',
        })),
        markLine: baseline(b.stanceSI, 'baseline'),
        markArea: {
          silent: true,
          itemStyle: { color: 'rgba(30, 123, 79, 0.08)' },
          data: [[{ yAxis: SI_BAND.low }, { yAxis: SI_BAND.high }]],
        },
      },
    ],
  };
}
