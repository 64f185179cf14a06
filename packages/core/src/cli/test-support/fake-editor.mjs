// A scripted stand-in for $EDITOR in tests. Each run takes the next step of the JSON list in
// $FAKE_EDITOR_PLAN, appends what it saw (its arguments, the file's and folder's modes, its pid)
// as one JSON line to $FAKE_EDITOR_LOG, then:
//   { "write": "text" }  replaces the file's content and exits 0
//   { "exit": 3 }        exits with that status, file untouched
//   { "hang": true }     waits until it is killed
import { appendFileSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

const plan = process.env.FAKE_EDITOR_PLAN ?? "";
const [step = { exit: 99 }, ...rest] = JSON.parse(readFileSync(plan, "utf8"));
writeFileSync(plan, JSON.stringify(rest));
const args = process.argv.slice(2);
const file = args.at(-1) ?? "";
const mode = (path) => (statSync(path).mode & 0o777).toString(8);
appendFileSync(
  process.env.FAKE_EDITOR_LOG ?? "",
  `${JSON.stringify({ args, file, fileMode: mode(file), dirMode: mode(dirname(file)), seen: readFileSync(file, "utf8"), pid: process.pid })}\n`,
);
if (step.write !== undefined) writeFileSync(file, step.write);
if (step.hang) setInterval(() => {}, 1_000);
else process.exit(step.exit ?? 0);
