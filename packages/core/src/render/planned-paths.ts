import type { Problem } from "../validate/problem.js";
import type { AssembledCluster } from "./assemble.js";
import { unsafePathReason } from "./output/tree-path.js";

const NAMES_RULE =
  'namespace, component and object names become folders and files, so they must not contain "/", "\\", ".." or control characters';

/**
 * A located problem for every namespace or component folder and object or Secret file whose
 * path would leave the output folder (a component named `../../x`): the planner refuses them
 * before the writer, which checks every path again, is reached. One problem per component (or
 * per namespace) whose folder is unsafe, else one per object whose file is.
 */
export function unsafePathProblems(assembled: AssembledCluster): Problem[] {
  const problems: Problem[] = [];
  const reported = new Set<string>();
  const check = (
    where: { readonly packageName: string; readonly component?: string | undefined; readonly id?: string },
    folder: string,
    fileName: string,
  ): void => {
    const owner = where.component ?? `package ${where.packageName}`;
    if (reported.has(owner)) return;
    const folderReason = folder === "" ? undefined : unsafePathReason(folder);
    const path = folderReason ? folder : `${folder}/${fileName}`;
    const reason = folderReason ?? unsafePathReason(path);
    if (!reason) return;
    if (folderReason) reported.add(owner);
    problems.push({
      cluster: assembled.name,
      layer: "output",
      package: where.packageName,
      ...(where.component ? { component: where.component } : {}),
      ...(!folderReason && where.id ? { object: where.id, path: "/metadata/name" } : {}),
      message: `output ${folderReason ? "folder" : "file"} "${path}" ${reason}: ${NAMES_RULE}`,
    });
  };
  for (const o of assembled.objects) check(o, o.folder, o.fileName);
  for (const s of assembled.secrets) check(s, s.folder, s.fileName);
  return problems;
}
