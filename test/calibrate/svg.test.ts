import { describe, expect, it } from "vitest";
import { plotSvg, type PlotSpec } from "../../src/io/svg.ts";
import { checkWellFormed } from "./wellFormed.ts";

const spec: PlotSpec = {
  title: "Power <vs> batch & band",
  x: { label: "batch", scale: "log", base: 2 },
  y: { label: "watts" },
  series: [
    { kind: "band", label: "band", x: [1, 2, 4, 8], lo: [280, 300, 330, 360], hi: [320, 340, 370, 400] },
    { kind: "line", label: "model", x: [1, 2, 4, 8], y: [300, 320, 350, 380], dashed: true },
    { kind: "points", label: "measured", x: [0, 1, 4, 8], y: [290, 305, 360, 395], lo: [0, 300, 350, 390], hi: [0, 310, 370, 400] },
  ],
};

describe("SVG plots", () => {
  it("are well-formed SVG with every series, a legend, axes and an escaped title", () => {
    const svg = plotSvg(spec);
    const tags = checkWellFormed(svg);
    expect(tags[0]).toBe("svg");
    expect(tags.filter((t) => t === "polygon")).toHaveLength(1);
    expect(tags.filter((t) => t === "polyline")).toHaveLength(1);
    // three plottable points (batch 0 has no place on a log axis) plus the legend's marker
    expect(tags.filter((t) => t === "circle")).toHaveLength(4);
    expect(svg).toContain("Power &lt;vs&gt; batch &amp; band");
    expect(svg).toContain('stroke-dasharray="6 4"');
    for (const label of ["band", "model", "measured", "batch", "watts"]) expect(svg).toContain(`>${label}</text>`);
  });

  it("puts log ticks at powers of the base and linear ticks at round steps", () => {
    const svg = plotSvg(spec);
    for (const t of ["1", "2", "4", "8"]) expect(svg).toMatch(new RegExp(`text-anchor="middle">${t}</text>`));
    for (const t of ["250", "300", "350", "400"]) expect(svg).toMatch(new RegExp(`text-anchor="end">${t}</text>`));
    const decades = plotSvg({ ...spec, y: { label: "tok/s", scale: "log" }, series: [{ kind: "line", label: "l", x: [1, 8], y: [30, 20000] }] });
    for (const t of ["100", "1000", "10000"]) expect(decades).toMatch(new RegExp(`text-anchor="end">${t}</text>`));
  });

  it("are byte-identical for the same input", () => {
    expect(plotSvg(spec)).toBe(plotSvg(structuredClone({ ...spec, series: spec.series })));
  });
});
