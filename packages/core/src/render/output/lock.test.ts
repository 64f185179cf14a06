import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempFolder } from "../../test-support/output-tree.js";
import { acquireLock, LockedError } from "./lock.js";

/** The pid of a process that has certainly exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(child.stdout.toString());
}

function plantLock(stateDir: string, holder: Record<string, unknown>): void {
  writeFileSync(
    join(stateDir, "lock"),
    `${JSON.stringify({ since: "2026-01-01T00:00:00.000Z", label: 'cluster "x"', token: "abc", ...holder })}\n`,
  );
}

describe("acquireLock", () => {
  it("given a free folder, when locked and released, then the lock file names this process and goes again", () => {
    const state = tempFolder();
    const lock = acquireLock(state, 'cluster "x"', "/out");
    const holder = JSON.parse(readFileSync(lock.file, "utf8")) as { pid: number; label: string };
    expect(holder).toMatchObject({ pid: process.pid, label: 'cluster "x"' });
    lock.release();
    expect(readdirSync(state)).toEqual([]);
  });

  it("given a lock held by a live render, when locked again, then it fails naming the pid and the lock file", () => {
    const state = tempFolder();
    const lock = acquireLock(state, 'cluster "x"', "/out/rendered");
    let error: unknown;
    try {
      acquireLock(state, 'cluster "x"', "/out/rendered");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LockedError);
    expect((error as Error).message).toContain(`pid ${process.pid}`);
    expect((error as Error).message).toContain(join(state, "lock"));
    expect((error as Error).message).toContain("is writing /out/rendered");
    lock.release();
    expect(readdirSync(state)).toEqual([]);
  });

  it("given a stale lock of a dead pid on this host, when locked, then it is taken over", async () => {
    const state = tempFolder();
    const { hostname } = await import("node:os");
    plantLock(state, { pid: deadPid(), host: hostname() });
    writeFileSync(join(state, `lock-${deadPid()}-0123.tmp`), "{}"); // a draft a killed render left
    const lock = acquireLock(state, 'cluster "x"', "/out");
    expect(JSON.parse(readFileSync(lock.file, "utf8"))).toMatchObject({ pid: process.pid });
    lock.release();
    expect(readdirSync(state)).toEqual([]);
  });

  it("given a lock whose pid now belongs to another process (reused), when locked, then it is taken over", async () => {
    const state = tempFolder();
    const { hostname } = await import("node:os");
    plantLock(state, { pid: process.ppid, host: hostname(), startTicks: "1" });
    const lock = acquireLock(state, 'cluster "x"', "/out");
    expect(JSON.parse(readFileSync(lock.file, "utf8"))).toMatchObject({ pid: process.pid });
    lock.release();
  });

  it("given a lock from another host, or one that is not ours, when locked, then it is never taken over", () => {
    const state = tempFolder();
    plantLock(state, { pid: deadPid(), host: "build-agent-7" });
    expect(() => acquireLock(state, 'cluster "x"', "/out")).toThrow(/on build-agent-7/);
    writeFileSync(join(state, "lock"), "garbage");
    expect(() => acquireLock(state, 'cluster "x"', "/out")).toThrow(/is not one helix-cluster wrote/);
    expect(readFileSync(join(state, "lock"), "utf8")).toBe("garbage");
    expect(existsSync(join(state, "lock.takeover"))).toBe(false);
  });

  it("given another render taking over the same stale lock, when locked, then this one fails and leaves theirs", async () => {
    const state = tempFolder();
    const { hostname } = await import("node:os");
    plantLock(state, { pid: deadPid(), host: hostname() });
    writeFileSync(
      join(state, "lock.takeover"),
      JSON.stringify({ pid: process.ppid, host: hostname(), token: "t", since: "now", label: "other" }),
    );
    expect(() => acquireLock(state, 'cluster "x"', "/out")).toThrow(/another render \(other, pid/);
    expect(existsSync(join(state, "lock.takeover"))).toBe(true);
  });
});
