import { formatProblem } from "../validate/problem.js";
import type { ChartCheckReport } from "./check-charts.js";

/** One summary line of a chart check: what was templated and checked, and what was found. */
export function chartCheckSummary(r: ChartCheckReport, seconds: number): string {
  const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
  return (
    `check-charts ${r.cluster}: ${n(r.releases, "release")} templated, ${n(r.objects, "object")} checked, ` +
    `${n(r.problems.length, "problem")}, ${n(r.neverRead, "never-read setting")}, ` +
    `${n(r.redundant.length, "redundant setting")}, ${n(r.exceptions.length, "exception")} ` +
    `(${n(r.helmRuns, "helm run")}, ${r.cachedReleases} of ${r.releases} releases cached) in ${seconds.toFixed(1)} s`
  );
}

/** The lines a chart check prints besides its problems: exceptions, redundant settings, notes. */
export function chartCheckDetails(r: ChartCheckReport): string[] {
  return [
    ...r.exceptions.map(
      (e) =>
        `exception: ${r.cluster} › ${e.package} › ${e.component} › ${e.object}: chart ${e.chart} ${e.version} not checked: ${e.reason}`,
    ),
    ...r.redundant.map(
      (s) =>
        `redundant: ${r.cluster} › ${s.package} › ${s.component} › ${s.object} › ${s.path}: equals the chart's default (removing it changes nothing)`,
    ),
    ...r.notes.map((note) => `note: ${r.cluster} › ${note}`),
  ];
}

/** Every problem of a chart check, one line each. */
export function chartCheckProblems(r: ChartCheckReport): string[] {
  return r.problems.map(formatProblem);
}
