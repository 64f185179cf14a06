import { describe, expect, it } from "vitest";
import { editorCommand } from "./editor-command.js";

describe("editorCommand", () => {
  it("prefers VISUAL to EDITOR, and falls back to vi", () => {
    expect(editorCommand({ VISUAL: "nano", EDITOR: "emacs" })).toEqual(["nano"]);
    expect(editorCommand({ VISUAL: "", EDITOR: "emacs -nw" })).toEqual(["emacs", "-nw"]);
    expect(editorCommand({})).toEqual(["vi"]);
  });

  it("splits words as a shell does: arguments, quoted paths with spaces, escapes", () => {
    expect(editorCommand({ EDITOR: "code --wait" })).toEqual(["code", "--wait"]);
    expect(editorCommand({ EDITOR: `'/opt/my editor/bin/ed' -c "set ft=yaml"` })).toEqual([
      "/opt/my editor/bin/ed",
      "-c",
      "set ft=yaml",
    ]);
    expect(editorCommand({ EDITOR: "/opt/my\\ editor/ed" })).toEqual(["/opt/my editor/ed"]);
  });

  it("names the variable when it cannot be used", () => {
    expect(() => editorCommand({ EDITOR: "vim 'unclosed" })).toThrow(
      /^\$EDITOR \(vim 'unclosed\) cannot be split into a command: .+; fix its quoting$/,
    );
    expect(() => editorCommand({ VISUAL: "   " })).toThrow(
      '$VISUAL is blank: set it to an editor command, e.g. "vi" or "code --wait"',
    );
  });
});
