import { describe, expect, it } from "vitest";
import { figureHtml, jsonForHtml, plotlyBundleHtml, BUNDLE_ATTRIBUTE, pageHtml } from "../../lib/src/plot/html";
import { lineChart } from "../../lib/src/plot/lineChart";
import { figure } from "../../lib/src/plot/figure";

const attack = "</script><img src=x onerror=alert(1)>";

describe("jsonForHtml", () => {
  it("escapes < > & U+2028 U+2029 and round-trips through JSON.parse", () => {
    const value = { label: attack, amp: "a & b", ls: "x\u2028y\u2029z", comment: "<!-- -->" };
    const json = jsonForHtml(value);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(json).toContain("\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e");
    expect(JSON.parse(json)).toEqual(value);
  });

  it("writes typed arrays as plain JSON arrays", () => {
    expect(jsonForHtml({ y: new Float64Array([1, 2.5]) })).toBe('{"y":[1,2.5]}');
  });
});

describe("figureHtml", () => {
  it("follows the contract: div.nnlab-plot#id, script.nnlab-figure[data-target=id] JSON, bootstrap calling Plotly.newPlot", () => {
    const fig = lineChart({ title: attack, series: [{ name: attack, y: [1, 2] }] });
    const html = figureHtml(fig, "p1");
    expect(html).toMatch(/^<div class="nnlab-plot" id="p1"><span class="nnlab-plot-placeholder"[^>]*>[^<]*<\/span><\/div>\n<script type="application\/json"/);
    const m = html.match(/<script type="application\/json" class="nnlab-figure" data-target="p1">([^]*?)<\/script>/);
    expect(m).not.toBeNull();
    expect(JSON.parse(m![1])).toEqual(JSON.parse(JSON.stringify({ data: fig.data, layout: fig.layout, config: fig.config })));
    // the attack string never appears raw: exactly two script elements (JSON, bootstrap) open and close
    expect(html).not.toContain(attack);
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).not.toContain("<img");
    expect(html).toMatch(/Plotly\.newPlot\(el,fig\.data,fig\.layout,fig\.config\)/);
    expect(() => figureHtml(fig, '"><b>')).toThrow(/figureHtml: id must be letters/);
  });

  it("passes raw figures through unchanged in the JSON", () => {
    const fig = figure({ data: [{ type: "bar", x: ["<b>"], y: [1] }] });
    const html = figureHtml(fig, "p2");
    const json = html.match(/data-target="p2">([^]*?)<\/script>/)![1];
    expect(JSON.parse(json).data).toEqual([{ type: "bar", x: ["<b>"], y: [1] }]);
  });
});

describe("plotlyBundleHtml", () => {
  it("is one script element marked data-nnlab-plotly-bundle holding the whole plotly.min.js", () => {
    const html = plotlyBundleHtml();
    const version = require("plotly.js-dist-min/package.json").version;
    expect(html.startsWith(`<script type="text/javascript" ${BUNDLE_ATTRIBUTE}="${version}">`)).toBe(true);
    expect(html.endsWith("</script>")).toBe(true);
    expect(html.match(/<\/script/gi)).toHaveLength(1);
    const size = require("fs").statSync(require.resolve("plotly.js-dist-min/plotly.min.js")).size;
    expect(html.length).toBeGreaterThan(size * 0.99);
  });

  it("pageHtml makes a standalone page with the bundle before the plots", () => {
    const page = pageHtml([lineChart({ series: [{ name: "a", y: [1] }] })], { title: "<t>" });
    expect(page).toContain("<title>&lt;t&gt;</title>");
    expect(page.indexOf(BUNDLE_ATTRIBUTE)).toBeLessThan(page.indexOf('class="nnlab-plot"'));
  });
});
