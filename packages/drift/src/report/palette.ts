// Okabe and Ito's colour-blind-safe palette ("Color Universal Design", 2008), in an order that keeps neighbouring
// segments distinguishable; the last colour is the grey of "other".

const COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442'] as const;
const OTHER = '#8C8C8C';

/** Most labels charted by name; the rest are summed as "other". */
export const MAX_CHARTED_LABELS = COLOURS.length;

/** The colour of the i-th charted label. */
export function colourOf(i: number, isOther: boolean): string {
  return isOther ? OTHER : COLOURS[i % COLOURS.length]!;
}
