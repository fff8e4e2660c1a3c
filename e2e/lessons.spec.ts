// Lessons in the page: a newcomer starts the course from the welcome card and walks a lesson to
// its end by keyboard alone; a wrong answer is graded wrong against the run's own answer, then
// right on a second try; a deep link opens a lesson at a step; a lesson in Chinese; and a lecture
// in presenter mode driven by PageDown, as a clicker sends it.
import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';

const SHOTS = 'test-results/screens';
const lessonFile = (id: string) => JSON.parse(readFileSync(new URL(`../lessons/${id}.json`, import.meta.url), 'utf8'));
/** A lesson text as its first variant tells it. */
const told = (text: string, lesson: { variants?: Record<string, string>[] }) =>
  text.replace(/\{\{(\w+)\}\}/g, (m, k: string) => lesson.variants?.[0]?.[k] ?? m);
const step = (page: Page) => page.getByTestId('lesson-step');
const panel = (page: Page) => page.getByTestId('lesson-panel');
const next = (page: Page) => page.getByTestId('lesson-next');

/**
 * Presses Tab until `target` has the focus (keyboard only: no clicks, no focus() calls); Shift+Tab
 * when the target comes before the focus on the page, as a person goes back rather than around.
 */
async function tabTo(page: Page, target: Locator, max = 120): Promise<void> {
  for (let i = 0; i < max; i++) {
    const where = await target.evaluate((el) => {
      const a = document.activeElement;
      if (el === a) return 'here';
      return a && a !== document.body && el.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING ? 'before' : 'after';
    }).catch(() => 'after');
    if (where === 'here') return;
    await page.keyboard.press(where === 'before' ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

/** The step's moment has been reached (its answers, if any, revealed). */
async function reached(page: Page, k: number): Promise<void> {
  await expect(panel(page)).toHaveAttribute('data-step', String(k));
  await expect(panel(page)).toHaveAttribute('data-phase', 'reached', { timeout: 40_000 });
}

test.describe.configure({ timeout: 150_000 });

test('a newcomer starts the course from the welcome card and walks the first lesson by keyboard alone', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('./?lang=en&host=inline');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  const lesson = lessonFile('first-sync');
  await expect(page.getByTestId('welcome')).toBeVisible();
  await tabTo(page, page.getByTestId('welcome-start'));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\?lesson=first-sync&step=1&lang=en/);
  await expect(step(page)).toHaveText(told(lesson.steps[0].text.en, lesson));
  // The step region is announced when the step changes.
  await expect(page.locator('.lesson-step')).toHaveAttribute('aria-live', 'polite');
  // The learner turns the steady speed all the way up (End on the slider), so the run goes to
  // each moment without the readable follow pace (which follow.spec.ts measures).
  await tabTo(page, page.getByTestId('speed-slider'));
  await page.keyboard.press('End');
  await expect(page.getByTestId('speed-value')).toHaveText('1000×');
  await expect(page.getByTestId('play-mode-steady')).toBeChecked();
  const n = lesson.steps.length;
  for (let k = 1; k <= n; k++) {
    const s = lesson.steps[k - 1];
    await expect(panel(page)).toHaveAttribute('data-step', String(k));
    await expect(page.getByTestId('lesson-count')).toHaveText(`Step ${k} of ${n}`);
    await expect(page).toHaveURL(new RegExp(`step=${k}`));
    const cards = page.getByTestId('lesson-question');
    await expect(cards).toHaveCount(s.questions.length);
    // Predict first: each question is answered before the run reaches the moment.
    for (let i = 0; i < s.questions.length; i++) {
      const q = s.questions[i];
      const card = cards.nth(i);
      if (q.kind === 'choice') await tabTo(page, card.getByRole('button').first());
      else {
        await tabTo(page, card.getByRole('textbox'));
        await page.keyboard.type(q.kind === 'number' ? '1' : '"hello"');
      }
      await page.keyboard.press('Enter');
    }
    if (s.task) {
      await expect(panel(page)).toHaveAttribute('data-phase', 'task', { timeout: 40_000 });
      await expect(next(page)).toBeDisabled();
      // The task: type the command at the node's console.
      await tabTo(page, page.locator('.panel.console [role="tab"][aria-selected="true"]'));
      const tab = page.getByTestId(`console-tab-${s.task.node}`);
      for (let i = 0; i < 6 && (await tab.getAttribute('aria-selected')) !== 'true'; i++) await page.keyboard.press('ArrowRight');
      await expect(tab).toHaveAttribute('aria-selected', 'true');
      await tabTo(page, page.locator('[data-testid="console-input"]:visible'));
      await page.keyboard.type(s.task.command);
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('lesson-task')).toHaveAttribute('data-done', 'true', { timeout: 30_000 });
    }
    await reached(page, k);
    // Every card shows the run's answer and why.
    for (let i = 0; i < s.questions.length; i++) {
      const card = cards.nth(i);
      await expect(card.getByTestId('lesson-expected')).not.toHaveAttribute('data-value', '');
      await expect(card.getByTestId('lesson-verdict')).toBeVisible();
      await expect(card).toContainText(told(s.questions[i].explain.en, lesson));
    }
    if (k < n) {
      await tabTo(page, next(page));
      await page.keyboard.press('Enter');
    }
  }
  await expect(page.getByTestId('lesson-done')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/lesson-done-1440.png` });
  // Progress is kept: the index shows every step of the lesson reached.
  await tabTo(page, page.getByTestId('lesson-index-open'));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lesson-item-first-sync').getByTestId('lesson-item-progress')).toContainText(`${n} of ${n} steps`);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('lesson-index')).toBeHidden();
});

test('a wrong answer is graded against the run, and can be answered again', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('./?lesson=partial-resync&step=2&lang=en&host=inline');
  await expect(panel(page)).toHaveAttribute('data-phase', 'ask', { timeout: 30_000 });
  // At the fastest steady speed the run reaches the step's moment without the follow pace.
  const speed = page.getByTestId('speed-slider');
  await speed.fill(String(await speed.getAttribute('max')));
  await expect(page.getByTestId('speed-value')).toHaveText('1000×');
  const verdict = page.getByTestId('lesson-question').filter({ hasText: '+CONTINUE or +FULLRESYNC?' });
  const offset = page.getByTestId('lesson-question').filter({ hasText: 'Which offset does r1 ask for?' });
  await verdict.getByRole('button', { name: '+FULLRESYNC' }).click();
  // No offset is ever negative: a wrong answer whatever the run says.
  await offset.getByRole('textbox').fill('-1');
  await offset.getByRole('button', { name: 'Answer' }).click();
  await reached(page, 2);
  await expect(offset).toHaveAttribute('data-state', 'wrong');
  await expect(offset.getByTestId('lesson-verdict')).toContainText('Not this time');
  const expected = await offset.getByTestId('lesson-expected').getAttribute('data-value');
  expect(Number(expected)).toBeGreaterThan(1);
  // The PSYNC on the timeline asked for that offset.
  await offset.getByRole('button', { name: 'Show it' }).click();
  await offset.getByTestId('lesson-retry').click();
  await expect(offset.getByTestId('lesson-reveal')).toHaveCount(0);
  await offset.getByRole('textbox').fill(expected!);
  await offset.getByRole('textbox').press('Enter');
  await expect(offset).toHaveAttribute('data-state', 'right');
  await expect(offset.getByTestId('lesson-verdict')).toContainText('Right');
  await page.screenshot({ path: `${SHOTS}/lesson-wrong-right-1440.png` });
  // Kept in the browser: a reload shows the answer given.
  const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('replscope.lessons.v1') ?? '{}'));
  expect(saved['partial-resync'].answers['1:asked']).toEqual({ given: expected, right: true });
});

test('a deep link opens a lesson at a step, with the run at that step', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('./?lesson=partial-resync&step=3&lang=en&host=inline');
  const lesson = lessonFile('partial-resync');
  await expect(step(page)).toHaveText(told(lesson.steps[2].text.en, lesson), { timeout: 30_000 });
  await expect(page.getByTestId('lesson-count')).toHaveText('Step 3 of 4');
  // The scenario picker names the lesson whose scenario runs.
  await expect(page.getByTestId('example-picker').locator('option:checked')).toHaveText(`Lesson: ${lesson.title.en}`);
  // The run is past the heal: the PSYNC after it has been answered on the timeline.
  await expect.poll(async () => Number(await page.getByTestId('cursor').getAttribute('data-ms'))).toBeGreaterThan(10_000);
  await next(page).click();
  await reached(page, 3);
  await next(page).click();
  await expect(page).toHaveURL(/\?lesson=partial-resync&step=4&lang=en/);
  await expect(page.getByTestId('lesson-task')).toContainText('type GET key:10 at r1');
});

test('a lesson in Chinese', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('./?lesson=first-sync&step=2&lang=zh-CN&host=inline');
  const lesson = lessonFile('first-sync');
  await expect(step(page)).toHaveText(told(lesson.steps[1].text.zh, lesson), { timeout: 30_000 });
  await expect(page.getByTestId('lesson-count')).toHaveText(`第 2 步，共 ${lesson.steps.length} 步`);
  const card = page.getByTestId('lesson-question').first();
  await expect(card).toContainText(lesson.steps[1].questions[0].ask.zh);
  await card.getByRole('button').first().click();
  await page.getByTestId('lesson-question').nth(1).getByRole('textbox').fill('1');
  await page.getByTestId('lesson-question').nth(1).getByRole('button', { name: '回答' }).click();
  await reached(page, 2);
  await expect(card).toContainText(told(lesson.steps[1].questions[0].explain.zh, lesson));
  await expect(card.getByTestId('lesson-verdict')).toContainText(/答对了|这次没答对/);
  await expect(next(page)).toHaveText(/下一步/);
  await step(page).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/lesson-zh-390.png` });
});

test('a lecture in presenter mode: PageDown reveals each step and moves on, PageUp goes back', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto('./?lesson=propagation&present=1&lang=en&host=inline');
  const lesson = lessonFile('propagation');
  await expect(page.locator('html')).toHaveAttribute('data-presenter', 'on');
  await reached(page, 1);
  await expect(page.getByTestId('lesson-panel')).toBeInViewport();
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('lesson-count')).toHaveText(`Step 2 of ${lesson.steps.length}`);
  await expect(step(page)).toHaveText(told(lesson.steps[1].text.en, lesson));
  // The audience was asked; the clicker reveals the run's answer.
  await expect(panel(page)).toHaveAttribute('data-phase', 'ask');
  await page.keyboard.press('PageDown');
  await reached(page, 2);
  await expect(page.getByTestId('lesson-expected').first()).not.toHaveAttribute('data-value', '');
  await page.keyboard.press('.');
  await expect(page.getByTestId('lesson-count')).toHaveText(`Step 3 of ${lesson.steps.length}`);
  await page.keyboard.press('PageUp');
  await reached(page, 2);
  await page.screenshot({ path: `${SHOTS}/lesson-presenter-1920.png` });
});
