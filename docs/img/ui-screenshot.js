// How docs/img/temporal-ui-sequences.png was made, against a running local stack (./temporal-dev/start.sh):
//   npm install playwright-core        (in a scratch directory; a tool, not a Leadflow dependency)
//   node ui-screenshot.js "$TEMPORAL_UI_URL" <workflowId of a paused sequence> out-list.png out-detail.png
// with Debian's chromium (apt-get install -y chromium). The two shots were then stacked into one PNG with captions.
const { chromium } = require('playwright-core');

(async () => {
  const [ui, workflowId, listOut, detailOut] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const context = await browser.newContext({ viewport: { width: 1920, height: 420 } });
  // Leadflow's search attributes as list columns (the UI keeps its column choice in localStorage).
  await context.addInitScript(() => window.localStorage.setItem('namespace-workflow-table-columns', JSON.stringify({
    default: ['Status', 'Workflow ID', 'SequenceName', 'SequenceStatus', 'SequenceStep', 'NextWakeAt', 'Type']
      .map((label, i) => ({ label, pinned: i < 2 })) })));
  const page = await context.newPage();
  const query = encodeURIComponent('ClientCode="demo" AND SequenceStatus="paused"');
  await page.goto(`${ui}/namespaces/default/workflows?query=${query}`, { waitUntil: 'networkidle' });
  await page.getByText('Appointment follow-up').first().waitFor();
  await page.screenshot({ path: listOut });
  await page.setViewportSize({ width: 1600, height: 900 });
  await page.goto(`${ui}/namespaces/default/workflows/${encodeURIComponent(workflowId)}`, { waitUntil: 'load' });
  await page.getByText('User Metadata').first().click();
  await page.waitForTimeout(2500);
  await page.screenshot({ path: detailOut, clip: { x: 0, y: 0, width: 1600, height: 760 } });
  await browser.close();
})().catch(e => { console.error(e); process.exit(1); });
