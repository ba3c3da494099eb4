// Test-only init script: lets a test make the page behave as Chromium treats a hidden or minimized
// window, which headless Chromium itself never does: document.visibilityState becomes 'hidden',
// animation frames stop, and page timers fire at most once a second (Chromium's background throttling).
// Messages, media and workers are left alone, as in Chromium. Nothing like this is in the app itself.
(() => {
  const state = { hidden: false, heldAnimationFrames: 0 };
  Object.defineProperty(window, '__hiddenPage', { value: state });
  const realRaf = window.requestAnimationFrame.bind(window);
  const realSetTimeout = window.setTimeout.bind(window);
  const realSetInterval = window.setInterval.bind(window);
  const held = [];
  window.requestAnimationFrame = (callback) => {
    if (!state.hidden) return realRaf(callback);
    held.push(callback);
    state.heldAnimationFrames++;
    return 0;
  };
  window.setTimeout = (callback, delay, ...args) => realSetTimeout(callback, state.hidden ? Math.max(1000, delay || 0) : delay, ...args);
  window.setInterval = (callback, delay, ...args) => {
    let lastRun = 0;
    return realSetInterval(() => {
      const now = performance.now();
      if (state.hidden && now - lastRun < 1000) return;
      lastRun = now;
      callback(...args);
    }, delay);
  };
  Object.defineProperty(document, 'visibilityState', { get: () => (state.hidden ? 'hidden' : 'visible') });
  Object.defineProperty(document, 'hidden', { get: () => state.hidden });
  state.set = (hidden) => {
    state.hidden = hidden;
    document.dispatchEvent(new Event('visibilitychange'));
    if (!hidden) for (const callback of held.splice(0)) realRaf(callback);
  };
})();
