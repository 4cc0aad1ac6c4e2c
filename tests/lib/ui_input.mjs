// Real mouse and keyboard input for the app's canvas, paced by frames.
// Dear ImGui samples input once per frame: a press and a release (or a
// whole drag) that land between two frames would go unseen, which a person
// never does, so every step here waits for the next frame.
export function uiInput(page) {
  const oneFrame = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
  const frame = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

  async function key(combo) {
    const keys = combo.split('+');
    for (const k of keys) await page.keyboard.down(k);
    await frame();
    for (const k of keys.reverse()) await page.keyboard.up(k);
    await frame();
  }

  // Press at from, move through `steps` even steps, release at to.
  async function drag(from, to, steps = 8, button = 'left') {
    await page.mouse.move(from.x, from.y);
    await frame();
    await page.mouse.down({ button });
    await frame();
    for (let i = 1; i <= steps; i++) {
      await page.mouse.move(from.x + (to.x - from.x) * i / steps, from.y + (to.y - from.y) * i / steps);
      await frame();
    }
    await page.mouse.up({ button });
    await frame();
  }

  async function click(p) {
    await drag(p, p, 0);
  }

  // Two clicks within ImGui's double-click time, each seen by its own frames.
  async function doubleClick(p) {
    await page.mouse.move(p.x, p.y);
    await frame();
    for (let i = 0; i < 2; i++) {
      await page.mouse.down();
      await page.mouse.up();
      await oneFrame();
      await oneFrame();
    }
    await frame();
  }

  return { frame, oneFrame, key, drag, click, doubleClick };
}
