// The layouts for where replscope is used, measured: a projector at 1920x1080 in presenter mode
// (stage, stream lane and backlog ring on the first screen, large), a phone at 390x844 with touch
// (the stage first and whole above a folded transport bar, visible ⋯ buttons, 44 px targets, the
// console clear of the bar), and a desktop at 1440x900 (the stage fills its area and follows the
// window). In English and Chinese, with axe on each.
import { expect, test, type Locator, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

const SHOTS = 'test-results/screens';
const LANGS = ['en', 'zh-CN'] as const;
type Box = { x: number; y: number; width: number; height: number };

async function openAtEnd(page: Page, query: string): Promise<void> {
  await page.goto(`./?${query}&play=end`);
  await expect(page.getByTestId('trace-hash')).toHaveAttribute('data-state', 'done', { timeout: 45_000 });
}

async function box(l: Locator): Promise<Box> {
  const b = await l.boundingBox();
  expect(b, 'the element is laid out').not.toBeNull();
  return b!;
}

async function noSeriousAxe(page: Page): Promise<void> {
  const axe = await new AxeBuilder({ page }).analyze();
  const found = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(found).toEqual([]);
}

async function noSidewaysOverflow(page: Page): Promise<void> {
  const o = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, w: window.innerWidth }));
  expect(o.sw).toBeLessThanOrEqual(o.w);
}

const nodeMenu = (page: Page, node: string, lang: string) =>
  page.getByRole('menu', { name: lang === 'en' ? `Actions for ${node}` : `${node} 的操作` });

for (const lang of LANGS) {
  test.describe(`presenter at 1920x1080 (${lang})`, () => {
    test.use({ viewport: { width: 1920, height: 1080 } });

    test('stage, stream lane and backlog ring are on the first screen together, the stage large', async ({ page }) => {
      if (lang === 'en') await openAtEnd(page, `example=two-replicas&lang=${lang}&present=1`);
      else {
        // The header's Presenter button gives the same screen as the URL.
        await openAtEnd(page, `example=two-replicas&lang=${lang}`);
        await page.getByTestId('presenter').click();
      }
      await expect(page.locator('html')).toHaveAttribute('data-presenter', 'on');
      const transport = await box(page.getByTestId('transport'));
      const stage = await box(page.getByTestId('topology'));
      const lane = await box(page.getByTestId('stream-lane'));
      const ring = await box(page.getByTestId('ring-svg'));
      for (const [name, b] of [['stage', stage], ['lane', lane], ['ring', ring]] as const) {
        expect(b.y, `${name} top`).toBeGreaterThanOrEqual(0);
        expect(b.y + b.height, `${name} above the transport bar`).toBeLessThanOrEqual(transport.y + 1);
        expect(b.x + b.width, `${name} within the width`).toBeLessThanOrEqual(1920);
      }
      expect(stage.width).toBeGreaterThanOrEqual(1100);
      expect(stage.height).toBeGreaterThanOrEqual(580);
      // The ring stands beside the stage, the lane under it; the odometers show with the lane.
      expect(ring.x).toBeGreaterThan(stage.x + stage.width - 1);
      expect(ring.width).toBeGreaterThanOrEqual(320);
      expect(lane.y).toBeGreaterThanOrEqual(stage.y + stage.height);
      for (const node of ['m', 'r1', 'r2']) {
        const odo = await box(page.getByTestId(`odometer-${node}`));
        expect(odo.y + odo.height, `odometer ${node} above the transport bar`).toBeLessThanOrEqual(transport.y + 1);
        expect(odo.x + odo.width).toBeLessThanOrEqual(1920);
      }
      // Nodes and labels read from the back of a room: a node is over 90 px across, its name over 20 px.
      expect((await box(page.getByTestId('topo-node-m'))).width).toBeGreaterThanOrEqual(90);
      const namePx = await page.locator('.topo-label-name').first().evaluate((el) => el.getBoundingClientRect().height);
      expect(namePx).toBeGreaterThanOrEqual(20);
      await noSidewaysOverflow(page);
      await page.screenshot({ path: `${SHOTS}/layout-presenter-1920-${lang}.png` });
      await noSeriousAxe(page);
      // The node's ⋯ still opens its menu on the enlarged stage.
      await page.getByTestId('topo-node-menu-r1').click();
      await expect(nodeMenu(page, 'r1', lang)).toBeVisible();
      await page.keyboard.press('Escape');
      await expect(nodeMenu(page, 'r1', lang)).toBeHidden();
    });
  });

  test.describe(`phone at 390x844 with touch (${lang})`, () => {
    test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

    test('the stage comes first and whole above a compact transport bar; ⋯ buttons show; targets are 44 px', async ({ page }) => {
      await openAtEnd(page, `example=two-replicas&lang=${lang}`);
      const transport = await box(page.getByTestId('transport'));
      const stage = await box(page.getByTestId('topology'));
      expect(stage.y).toBeGreaterThanOrEqual(0);
      expect(stage.y).toBeLessThan(844 / 3);
      expect(stage.y + stage.height).toBeLessThanOrEqual(transport.y);
      expect(stage.height).toBeGreaterThanOrEqual(400);
      // The bar is folded: slider and the main buttons, at most about an seventh of the screen.
      expect(transport.height).toBeLessThanOrEqual(844 * 0.16);
      await expect(page.getByTestId('play')).toBeInViewport();
      await expect(page.getByTestId('time-slider')).toBeInViewport();
      await expect(page.getByTestId('trace-hash')).toBeHidden();
      await noSidewaysOverflow(page);
      await page.screenshot({ path: `${SHOTS}/layout-phone-390-${lang}.png` });

      // Every button, tab, field and summary on the page is at least 44x44, the timeline's event
      // marks included.
      const small = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('button, select, input, summary, [role="tab"]')]
        .map((el) => ({ el, r: el.getBoundingClientRect() }))
        .filter(({ r }) => r.width > 0 && r.height > 0 && (r.width < 44 || r.height < 44))
        .map(({ el, r }) => `${el.tagName} ${el.dataset.testid ?? el.getAttribute('aria-label') ?? el.textContent} ${Math.round(r.width)}x${Math.round(r.height)}`));
      expect(small).toEqual([]);

      // Nodes and links show their ⋯ without a long press; tapping one opens the menu.
      for (const id of ['topo-node-menu-m', 'topo-node-menu-r1', 'topo-node-menu-r2', 'topo-link-m|r1', 'topo-link-m|r2']) {
        const b = page.getByTestId(id);
        await expect(b).toBeVisible();
        const bb = await box(b);
        expect(bb.x).toBeGreaterThanOrEqual(stage.x);
        expect(bb.x + bb.width).toBeLessThanOrEqual(stage.x + stage.width);
      }
      await page.getByTestId('topo-node-menu-r1').tap();
      await expect(nodeMenu(page, 'r1', lang)).toBeVisible();
      await page.keyboard.press('Escape');
      await expect(nodeMenu(page, 'r1', lang)).toBeHidden();
      await page.getByTestId('topo-link-m|r2').tap();
      await expect(page.getByTestId('topo-menu')).toBeVisible();
      await page.keyboard.press('Escape');

      // "⋯" in the bar unfolds the rest: until-online, the speed, the trace hash.
      await page.getByTestId('transport-more').tap();
      await expect(page.getByTestId('transport-more')).toHaveAttribute('aria-expanded', 'true');
      await expect(page.getByTestId('trace-hash')).toBeVisible();
      await expect(page.getByTestId('speed-slider')).toBeVisible();
      await expect(page.getByTestId('transport')).toBeInViewport({ ratio: 1 });
      await page.screenshot({ path: `${SHOTS}/layout-phone-390-more-${lang}.png` });
      await page.getByTestId('transport-more').tap();
      await expect(page.getByTestId('trace-hash')).toBeHidden();
      await noSeriousAxe(page);
    });

    test('the console input, focused, is scrolled clear of the transport bar', async ({ page }) => {
      await openAtEnd(page, `example=two-replicas&lang=${lang}`);
      const input = page.getByTestId('console-input').first();
      await input.tap();
      await expect(input).toBeFocused();
      await expect.poll(async () => {
        const i = await box(input);
        const bar = await box(page.getByTestId('transport'));
        return i.y >= 0 && i.y + i.height <= bar.y;
      }).toBe(true);
      await page.keyboard.type('PING');
      await expect(input).toHaveValue('PING');
      await page.screenshot({ path: `${SHOTS}/layout-phone-390-console-${lang}.png` });
    });
  });

  test.describe(`desktop at 1440x900 (${lang})`, () => {
    test.use({ viewport: { width: 1440, height: 900 } });

    test('the stage fills its area down to the transport bar and follows the window height', async ({ page }) => {
      await openAtEnd(page, `example=two-replicas&lang=${lang}`);
      const transport = await box(page.getByTestId('transport'));
      const stage = await box(page.getByTestId('topology'));
      expect(stage.y).toBeLessThan(300);
      expect(stage.y + stage.height).toBeLessThanOrEqual(transport.y);
      // No band of empty page between the stage and the bar.
      expect(transport.y - (stage.y + stage.height)).toBeLessThanOrEqual(40);
      // The drawing uses the stage's height: the lowest node sits in its lower half.
      const r2 = await box(page.getByTestId('topo-node-r2'));
      expect(r2.y + r2.height).toBeGreaterThan(stage.y + stage.height / 2);
      await noSidewaysOverflow(page);
      await page.screenshot({ path: `${SHOTS}/layout-desktop-1440-${lang}.png` });
      await noSeriousAxe(page);
      // A taller window, a taller stage.
      await page.setViewportSize({ width: 1440, height: 1100 });
      await expect.poll(async () => (await box(page.getByTestId('topology'))).height).toBeGreaterThan(stage.height + 150);
    });
  });
}
