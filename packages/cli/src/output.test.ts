import { describe, expect, it } from "vitest";
import { formatTable } from "./output.js";

describe("formatTable", () => {
  it("aligns columns two spaces apart with no trailing spaces", () => {
    expect(
      formatTable(
        ["SID", "NAME", "STATUS"],
        [
          ["AC1", "a long name", "active"],
          ["AC22", "", "closed"],
        ],
      ),
    ).toBe(["SID   NAME         STATUS", "AC1   a long name  active", "AC22               closed"].join("\n"));
  });

  it("prints only the header for no rows", () => {
    expect(formatTable(["SID", "NAME"], [])).toBe("SID  NAME");
  });

  it("turns control characters into spaces so a value cannot drive the terminal", () => {
    expect(formatTable(["NAME"], [["a\u001b[31mb\nc\u009bd"]])).toBe("NAME\na [31mb c d");
  });
});
