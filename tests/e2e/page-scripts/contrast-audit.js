// Test-only page script (evaluated by tests/e2e/contrast.test.ts; nothing like it is in the app): measures
// the WCAG 2 contrast ratio of every visible text in #app against what is behind it. The text colour and
// the backgrounds of its ancestors are composited from the page (white) down, with their alpha and the
// opacity of every ancestor, so a translucent row or a faded label is measured as it is painted.
// Disabled controls are left out (WCAG 1.4.3 exempts inactive components); so is .sr-only text, which
// is never painted. The expression answers one entry per text.
(() => {
  const WHITE = { r: 255, g: 255, b: 255, a: 1 };

  function parseColor(text) {
    let match = /^rgba?\(([^)]+)\)$/.exec(text);
    if (match) {
      const [r, g, b, a = 1] = match[1]
        .split(/[\s,/]+/)
        .filter(Boolean)
        .map(Number);
      return { r, g, b, a };
    }
    match = /^color\(srgb ([^)]+)\)$/.exec(text);
    if (match) {
      const [r, g, b, a = 1] = match[1]
        .split(/[\s/]+/)
        .filter(Boolean)
        .map(Number);
      return { r: r * 255, g: g * 255, b: b * 255, a };
    }
    return undefined;
  }

  /** `top` (with its alpha) painted over an opaque `bottom`. */
  function over(top, bottom) {
    const mix = (t, b) => t * top.a + b * (1 - top.a);
    return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a: 1 };
  }

  function luminance({ r, g, b }) {
    const linear = (value) => {
      const c = value / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  }

  function ratio(one, two) {
    const [light, dark] = [luminance(one), luminance(two)].sort((x, y) => y - x);
    return (light + 0.05) / (dark + 0.05);
  }

  const hex = ({ r, g, b }) => '#' + [r, g, b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');

  function describe(element) {
    const classes = [...element.classList]
      .slice(0, 2)
      .map((name) => '.' + name)
      .join('');
    return element.tagName.toLowerCase() + (element.id ? '#' + element.id : '') + classes;
  }

  /** Colour of the text and of what is painted behind it, or a reason why it cannot be measured. */
  function measure(element, pseudo) {
    const chain = [];
    for (let node = element; node; node = node.parentElement) chain.unshift(node);
    let background = WHITE;
    let opacity = 1;
    let problem;
    for (const node of chain) {
      const style = getComputedStyle(node);
      opacity *= Number(style.opacity);
      if (style.backgroundImage !== 'none') problem = `background image on ${describe(node)}`;
      const color = parseColor(style.backgroundColor);
      if (!color) problem = `unreadable background ${style.backgroundColor}`;
      else if (color.a > 0) background = over({ ...color, a: color.a * opacity }, background);
    }
    const style = getComputedStyle(element, pseudo);
    const color = parseColor(style.color);
    if (!color) return { problem: `unreadable colour ${style.color}` };
    const text = over({ ...color, a: color.a * opacity }, background);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    return { problem, ratio: ratio(text, background), required: large ? 3 : 4.5, fg: hex(text), bg: hex(background), size, weight: style.fontWeight };
  }

  function shown(element) {
    if (element.closest('.sr-only, option, video, canvas')) return false;
    if (!element.checkVisibility({ checkOpacity: true, visibilityProperty: true })) return false;
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  }

  const results = [];
  for (const element of document.querySelectorAll('#app *')) {
    if (!shown(element) || element.closest(':disabled')) continue;
    const ownText = [...element.childNodes]
      .filter((node) => node.nodeType === Node.TEXT_NODE)
      .map((node) => node.textContent)
      .join('')
      .trim();
    let text = ownText;
    let pseudo;
    if (element.matches('input[type=text], input:not([type]), textarea')) {
      text = element.value || element.placeholder;
      if (!element.value) pseudo = '::placeholder';
    } else if (element.matches('select')) {
      text = element.selectedOptions[0]?.textContent ?? '';
    }
    if (!text) continue;
    results.push({ text: text.slice(0, 60), element: describe(element), ...measure(element, pseudo) });
  }
  return results;
})();
