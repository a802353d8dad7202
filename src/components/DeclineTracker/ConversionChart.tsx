'use client';
/**
 * `ConversionChart`: a small horizontal bar chart of conversion per offer, in plain SVG. It is
 * one image to assistive technology (`role="img"` with a name); the table beside it is the
 * accessible data source. Each bar keeps a `<title>` as a tooltip for pointer users.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';

/** One bar. */
export interface ConversionChartBar {
  /** Stable key (the offer id). */
  key: string;
  /** Name drawn beside the bar. */
  label: string;
  /** Conversion as a ratio, 0–1. */
  ratio: number;
  /** The formatted rate drawn after the bar ("22.5%"). */
  value: string;
  /** Full description of the bar, used as its tooltip. */
  title: string;
}

/** Props of {@link ConversionChart}. */
export interface ConversionChartProps {
  /** Accessible name of the chart. */
  label: string;
  /** One bar per offer. */
  bars: readonly ConversionChartBar[];
}

const WIDTH = 480;
const ROW = 32;
const BAR = 18;
const LABEL = 168;
const VALUE = 64;
const TRACK = WIDTH - LABEL - VALUE;
const MAX_LABEL_CHARS = 22;

function shorten(label: string): string {
  return label.length > MAX_LABEL_CHARS ? `${label.slice(0, MAX_LABEL_CHARS - 1)}…` : label;
}

/** Draws `bars` from the inline start (mirrored under `dir="rtl"`); scales to its container's width. */
export function ConversionChart({ label, bars }: ConversionChartProps): ReactNode {
  const height = bars.length * ROW;
  // SVG coordinates ignore `direction`, so the chart mirrors itself once it knows the page's
  // direction (after mount; the server and the first paint draw left to right). The `direction`
  // attribute below keeps each text's anchor consistent with the coordinates either way.
  const ref = useRef<SVGSVGElement>(null);
  const [rtl, setRtl] = useState(false);
  useLayoutEffect(() => {
    const host = ref.current?.parentElement;
    if (host) setRtl(getComputedStyle(host).direction === 'rtl');
  });
  const x = (ltr: number, length = 0): number => (rtl ? WIDTH - ltr - length : ltr);
  return (
    <svg
      ref={ref}
      direction={rtl ? 'rtl' : 'ltr'}
      className="uk-decline-insights__chart"
      data-slot="chart"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
      focusable="false"
    >
      {bars.map((bar, index) => {
        const y = index * ROW;
        const middle = y + ROW / 2;
        const ratio = Math.min(Math.max(bar.ratio, 0), 1);
        const width = Math.round(ratio * TRACK * 10) / 10;
        return (
          <g key={bar.key} className="uk-decline-insights__bar" data-slot="bar">
            <title>{bar.title}</title>
            <text className="uk-decline-insights__bar-label" x={x(0)} y={middle} dominantBaseline="central" fontSize={13} fill="currentColor">
              {shorten(bar.label)}
            </text>
            <rect
              className="uk-decline-insights__bar-track"
              x={x(LABEL, TRACK)}
              y={middle - BAR / 2}
              width={TRACK}
              height={BAR}
              rx={3}
              fill="currentColor"
              fillOpacity={0.12}
            />
            <rect
              className="uk-decline-insights__bar-fill"
              x={x(LABEL, width)}
              y={middle - BAR / 2}
              width={width}
              height={BAR}
              rx={3}
              fill="currentColor"
            />
            <text
              className="uk-decline-insights__bar-value"
              x={x(LABEL + width + 6)}
              y={middle}
              dominantBaseline="central"
              fontSize={13}
              fill="currentColor"
            >
              {bar.value}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
