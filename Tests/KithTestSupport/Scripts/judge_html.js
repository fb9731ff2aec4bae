// Judges the page it is put into, as rendered: whether anything overflows the viewport sideways,
// and the lowest text contrast (WCAG 2 ratio) over every visible element that holds text. The
// verdict is written into the page as <pre id="kith-judge">JSON</pre> for --dump-dom to show.
(function () {
  function parse(color) {
    const m = /rgba?\(([^)]+)\)/.exec(color);
    if (!m) return null;
    const p = m[1].split(",").map(parseFloat);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  }
  function luminance(c) {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  }
  function blend(top, bottom) {
    const a = top.a;
    return { r: top.r * a + bottom.r * (1 - a), g: top.g * a + bottom.g * (1 - a), b: top.b * a + bottom.b * (1 - a), a: 1 };
  }
  const probe = document.createElement("div");
  probe.style.backgroundColor = "Canvas";
  document.body.appendChild(probe);
  const canvas = parse(getComputedStyle(probe).backgroundColor);
  probe.remove();
  function background(element) {
    const layers = [];
    for (let e = element; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    let result = canvas;
    for (let i = layers.length - 1; i >= 0; i--) result = blend(layers[i], result);
    return result;
  }
  let lowest = 21, worst = "";
  for (const element of document.body.querySelectorAll("*")) {
    const hasText = Array.from(element.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim() !== "");
    if (!hasText || element.getClientRects().length === 0) continue;
    const style = getComputedStyle(element);
    if (style.visibility === "hidden" || style.display === "none" || parseFloat(style.opacity) === 0) continue;
    let hidden = false;
    for (let e = element; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === "none" || (s.maxHeight === "0px" && s.overflow === "hidden")) { hidden = true; break; }
    }
    if (hidden) continue;
    const fg = blend(parse(style.color), background(element));
    const bg = background(element);
    const l1 = luminance(fg), l2 = luminance(bg);
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    if (ratio < lowest) { lowest = ratio; worst = element.tagName + ": " + element.textContent.trim().slice(0, 60); }
  }
  const verdict = {
    width: window.innerWidth,
    scrollWidth: document.documentElement.scrollWidth,
    dark: matchMedia("(prefers-color-scheme: dark)").matches,
    lowestContrast: Math.round(lowest * 100) / 100,
    worst: worst,
  };
  const pre = document.createElement("pre");
  pre.id = "kith-judge";
  pre.textContent = JSON.stringify(verdict);
  pre.style.display = "none";
  document.body.appendChild(pre);
})();
