import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use, type EChartsCoreOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, type ReactNode } from 'react';

use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** Calm, distinguishable series colours (also readable for common colour-vision deficiencies). */
export const chartPalette = ['#2563eb', '#0d9488', '#d97706', '#7c3aed', '#db2777', '#0891b2', '#65a30d', '#dc2626', '#475569', '#9333ea'];

/** A chart card: the canvas for the eye, and the same figures as a table for screen readers and copying. */
export function Chart({ title, option, summary, table }: { title: string; option: EChartsCoreOption; summary: string; table: ReactNode }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const container = element.current;
    if (container === null) return;
    const chart = init(container, undefined, { renderer: 'canvas' });
    chart.setOption({ color: chartPalette, textStyle: { fontFamily: 'inherit' }, animationDuration: 300, ...option });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(container);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [option]);
  return (
    <figure className="card chart-card">
      <figcaption><h2>{title}</h2></figcaption>
      <div ref={element} className="chart" role="img" aria-label={`${title}: ${summary}`} />
      <details className="chart-data">
        <summary>Show data</summary>
        {table}
      </details>
    </figure>
  );
}
