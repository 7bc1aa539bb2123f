import { describe, expect, it } from "vitest";
import { spreadOrder } from "../../src/sweep/estimate.ts";

describe("describe's probe chunks", () => {
  it("start at the first chunk and spread every prefix over the grid", () => {
    expect(spreadOrder(8, 24)).toEqual([0, 4, 2, 6, 1, 5, 3, 7]);
    expect(spreadOrder(100, 4)).toEqual([0, 50, 25, 75]);
  });

  it("visit each chunk once, all of them when there are fewer than the most", () => {
    for (const count of [1, 2, 3, 7, 23, 24, 25, 1000]) {
      const order = spreadOrder(count, 24);
      expect(order).toHaveLength(Math.min(count, 24));
      expect(new Set(order).size).toBe(order.length);
      expect(order.every((c) => Number.isInteger(c) && c >= 0 && c < count)).toBe(true);
    }
  });
});
