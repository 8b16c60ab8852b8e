import { describe, expect, it } from "vitest";
import { barGeometry } from "../../app/components/bar-chart";

describe("the dashboard's bar chart reads at any size", () => {
  it("draws one day of data as one bar of normal width, not a block across the chart", () => {
    expect(barGeometry([{ count: 5 }])).toEqual([{ x: 336, width: 48, height: 160, y: 0 }]);
  });

  it("keeps a small count visible beside a large one, and draws nothing for zero", () => {
    expect(barGeometry([{ count: 1000 }, { count: 1 }, { count: 0 }]).map((b) => b.height)).toEqual([160, 3, 0]);
  });

  it("gives 48 hours 48 bars side by side within the chart", () => {
    const bars = barGeometry(Array.from({ length: 48 }, (_, i) => ({ count: i })));
    expect(bars.map((b) => b.width)).toEqual(Array(48).fill(13));
    expect(bars[47].x + bars[47].width).toBe(719);
    expect(bars[0].x).toBe(1);
  });
});
