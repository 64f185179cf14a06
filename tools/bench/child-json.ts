import { spawnTracked } from "../process/tracked.js";

/** Runs a child process and parses the last line of its stdout as JSON; throws when it fails. */
export async function childJson<T>(command: string, args: readonly string[], cwd: string): Promise<T> {
  const { stdout, stderr, code } = await new Promise<{ stdout: string; stderr: string; code: number | null }>(
    (resolve, reject) => {
      const child = spawnTracked(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      let err = "";
      child.stdout?.on("data", (c: Buffer) => {
        out += c.toString();
      });
      child.stderr?.on("data", (c: Buffer) => {
        err += c.toString();
      });
      child.on("error", (error) => reject(new Error(`cannot run ${command}: ${error.message}`)));
      child.on("close", (exit) => resolve({ stdout: out, stderr: err, code: exit }));
    },
  );
  const last = stdout.trim().split("\n").at(-1) ?? "";
  if (code !== 0 || last === "") throw new Error(`${args.join(" ")} exited with ${code}:\n${stderr}`);
  return JSON.parse(last) as T;
}
