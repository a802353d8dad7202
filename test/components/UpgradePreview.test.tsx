import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { UpgradePreview } from '../../src/components/UpgradePreview/index';
import type { UpgradePreviewOutcome, UpgradePreviewProps } from '../../src/components/UpgradePreview/index';
import type { UpsellAdapter } from '../../src/core/adapter';
import { en } from '../../src/core/i18n/index';
import type { Messages } from '../../src/core/i18n/index';
import { money } from '../../src/core/money';
import { UpsellProvider } from '../../src/hooks/upsell-provider';
import { hi } from '../../src/locales/hi';
import { createMemoryAdapter } from '../../src/memory/index';
import type { FixtureName, MemoryAdapter } from '../../src/memory/index';
import { makeOffer, makePreview } from '../core/machines/factories';
import { deferred, guardConsole } from '../hooks/helpers';

guardConsole();

/** Half-way through Alice's and Bob's billing period (13 Nov → 13 Dec 2026): prorated amounts are exactly half. */
const NOW = new Date('2026-11-28T00:00:00.000Z');

interface SetupOptions {
  fixture?: FixtureName;
  adapter?: UpsellAdapter;
  locale?: string;
  messages?: Partial<Messages>;
}

function setup(props: Partial<UpgradePreviewProps> = {}, options: SetupOptions = {}) {
  const memory: MemoryAdapter = createMemoryAdapter({ fixture: options.fixture ?? 'happyPath', now: () => NOW });
  const adapter = options.adapter ?? memory;
  const user = userEvent.setup();
  const view = render(
    <UpsellProvider adapter={adapter} storage={null} locale={options.locale} messages={options.messages}>
      <UpgradePreview subscriptionId="sub_alice_basic" debounceMs={0} {...props} />
    </UpsellProvider>,
  );
  return { memory, user, ...view };
}

const status = () => screen.getByRole('status');
const isDisabled = (element: Element | null) => element?.matches(':disabled') ?? false;
const isChecked = (element: Element | null) => (element as HTMLInputElement | null)?.checked ?? false;
const confirmButton = (name: RegExp | string) => screen.getByRole('button', { name });

async function expectNoAxeViolations(container: Element): Promise<void> {
  // jsdom cannot compute colours; the Chromium story sweep checks contrast.
  const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

const alicePro: Partial<UpgradePreviewProps> = {
  defaultProductId: 'prod_pro_monthly',
  allowedProrationModes: ['difference_immediately'],
};

describe('UpgradePreview: Alice upgrades Basic → Pro', () => {
  it('states the charge today in words and in numbers (difference_immediately: $80 − $30 = $50)', async () => {
    const { container } = setup(alicePro);
    expect(await within(status()).findByText('You will be charged $50.00 today.')).toBeTruthy();

    const totals = container.querySelector('dl');
    expect(totals).not.toBeNull();
    const terms = within(totals as HTMLElement).getAllByRole('term').map((el) => el.textContent);
    const values = within(totals as HTMLElement).getAllByRole('definition').map((el) => el.textContent);
    expect(terms).toEqual(['Charged today']);
    expect(values).toEqual(['$50.00']);

    expect(screen.getByText('Then $80.00/month')).toBeTruthy();
    expect(screen.getByText('Takes effect Nov 28, 2026')).toBeTruthy();
    expect(screen.getByText('Next renewal Dec 13, 2026')).toBeTruthy();

    const items = screen.getByRole('table', { name: 'Details' });
    expect(within(items).getByRole('rowheader', { name: 'Pro plan, due today' })).toBeTruthy();
    expect(within(items).getByRole('cell', { name: '$50.00' })).toBeTruthy();

    expect(isDisabled(confirmButton('Confirm upgrade'))).toBe(false);
    expect(screen.queryByText(/credit/i)).toBeNull();
  });

  it('compares the plans side by side with the feature diff spelled out', async () => {
    setup(alicePro);
    await within(status()).findByText('You will be charged $50.00 today.');
    const current = screen.getByRole('region', { name: 'Current plan' });
    expect(within(current).getByText('Basic plan')).toBeTruthy();
    expect(within(current).getByText('$30.00/month')).toBeTruthy();
    expect(within(current).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['✓ 3 projects', '✓ Email support']);

    const next = screen.getByRole('region', { name: 'New plan' });
    expect(within(next).getByText('Pro plan')).toBeTruthy();
    expect(within(next).getByText('$80.00/month')).toBeTruthy();
    const features = within(within(next).getByRole('list', { name: 'What you get' })).getAllByRole('listitem');
    expect(features.map((li) => li.textContent)).toEqual([
      '+ Added: Unlimited projects',
      '+ Added: Priority support',
      '+ Added: Custom domain',
      '+ Added: Team analytics',
      '− Removed: 3 projects',
      '− Removed: Email support',
    ]);
    expect(features.map((li) => li.getAttribute('data-change'))).toEqual(['added', 'added', 'added', 'added', 'removed', 'removed']);
  });

  it('labels each plan in the picker as an upgrade or a downgrade', async () => {
    const { user } = setup();
    const picker = await screen.findByRole('group', { name: 'Choose your new plan' });
    const plus = await within(picker).findByRole('radio', { name: /Plus plan/ });
    const pro = within(picker).getByRole('radio', { name: /Pro plan/ });
    expect(within(picker).getByRole('radio', { name: 'Plus plan $50.00/month Upgrade' })).toBe(plus);
    expect(within(picker).getByRole('radio', { name: 'Pro plan $80.00/month Upgrade Most popular' })).toBe(pro);
    expect(within(status()).getByText('Choose a plan to see what the change costs.')).toBeTruthy();
    expect(isDisabled(confirmButton('Confirm change'))).toBe(true);

    await user.click(plus);
    // prorated_immediately by default: ($50 − $30) × 15/30 days left = $10.
    expect(await within(status()).findByText('You will be charged $10.00 today.')).toBeTruthy();
    expect(isChecked(plus)).toBe(true);
    expect(isDisabled(confirmButton('Confirm upgrade'))).toBe(false);
  });

  it('confirms the quote once: one changePlan call and one $50.00 charge, even on a double click', async () => {
    const onResult = vi.fn<(outcome: UpgradePreviewOutcome) => void>();
    const { memory, user } = setup({ ...alicePro, onResult });
    await within(status()).findByText('You will be charged $50.00 today.');
    await user.dblClick(confirmButton('Confirm upgrade'));
    expect(await within(status()).findByText('You are now on Pro plan.')).toBeTruthy();
    expect(memory.calls('changePlan')).toBe(1);
    expect(memory.charges()).toEqual([
      expect.objectContaining({ offerId: 'sub_alice_basic', amount: money(5000, 'USD'), paymentMethodId: 'pm_visa_4242' }),
    ]);
    expect(screen.queryByRole('button', { name: 'Confirm upgrade' })).toBeNull();
    expect(isDisabled(screen.getByRole('group', { name: 'Choose your new plan' }))).toBe(true);
    expect(onResult).toHaveBeenCalledTimes(1);
    expect(onResult.mock.calls[0]?.[0]).toMatchObject({ status: 'succeeded', result: { newPlan: { name: 'Pro plan' } } });
  });

  it('marks the quote busy while it is being calculated, with confirm disabled', async () => {
    const base = createMemoryAdapter({ now: () => NOW });
    const answer = deferred<Awaited<ReturnType<UpsellAdapter['previewPlanChange']>>>();
    const adapter: UpsellAdapter = { ...base, previewPlanChange: () => answer.promise };
    const { container } = setup(alicePro, { adapter });
    expect(await within(status()).findByText('Calculating…')).toBeTruthy();
    expect(container.querySelector('[data-slot="quote"]')?.getAttribute('aria-busy')).toBe('true');
    expect(container.firstElementChild?.getAttribute('data-state')).toBe('previewing');
    expect(isDisabled(confirmButton('Confirm upgrade'))).toBe(true);
    answer.resolve(await base.previewPlanChange({ subscriptionId: 'sub_alice_basic', productId: 'prod_pro_monthly', quantity: 1, prorationMode: 'difference_immediately' }));
    expect(await within(status()).findByText('You will be charged $50.00 today.')).toBeTruthy();
    expect(container.querySelector('[data-slot="quote"]')?.getAttribute('aria-busy')).toBe('false');
  });
});

describe('UpgradePreview: proration modes', () => {
  it('shows the mode choice only when the host allows several', async () => {
    setup(alicePro);
    await within(status()).findByText('You will be charged $50.00 today.');
    expect(screen.queryByRole('group', { name: 'How to bill the change' })).toBeNull();
  });

  it('choosing a mode quotes again: prorated $25, difference $50, full $80, do-not-bill nothing', async () => {
    const { memory, user } = setup({
      defaultProductId: 'prod_pro_monthly',
      allowedProrationModes: ['prorated_immediately', 'difference_immediately', 'full_immediately', 'do_not_bill'],
    });
    const modes = await screen.findByRole('group', { name: 'How to bill the change' });
    expect(isChecked(within(modes).getByRole('radio', { name: 'Pay only for the rest of this billing period' }))).toBe(true);
    expect(await within(status()).findByText('You will be charged $25.00 today.')).toBeTruthy();

    await user.click(within(modes).getByRole('radio', { name: 'Pay the price difference now' }));
    expect(await within(status()).findByText('You will be charged $50.00 today.')).toBeTruthy();

    await user.click(within(modes).getByRole('radio', { name: 'Pay the full new price now' }));
    expect(await within(status()).findByText('You will be charged $80.00 today.')).toBeTruthy();

    await user.click(within(modes).getByRole('radio', { name: 'No charge now; new price from next renewal' }));
    expect(await within(status()).findByText('Nothing is charged today.')).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Details' })).toBeNull();
    expect(memory.calls('previewPlanChange')).toBe(4);
  });

  it('starts from defaultProrationMode when it is allowed', async () => {
    setup({ defaultProductId: 'prod_pro_monthly', allowedProrationModes: ['prorated_immediately', 'full_immediately'], defaultProrationMode: 'full_immediately' });
    expect(await within(status()).findByText('You will be charged $80.00 today.')).toBeTruthy();
    expect(isChecked(screen.getByRole('radio', { name: 'Pay the full new price now' }))).toBe(true);
  });

  it('seats change the quote when allowQuantity is on (3 × $80 − $30 = $210 today)', async () => {
    const { user } = setup({ ...alicePro, allowQuantity: true });
    await within(status()).findByText('You will be charged $50.00 today.');
    const seats = screen.getByRole('spinbutton', { name: 'Seats' });
    await user.clear(seats);
    await user.type(seats, '3');
    expect(await within(status()).findByText('You will be charged $210.00 today.')).toBeTruthy();
    expect(screen.getByText('Then $240.00/month')).toBeTruthy();
  });
});

describe('UpgradePreview: Bob downgrades Pro → Basic', () => {
  const bob = { subscriptionId: 'sub_bob_pro', defaultProductId: 'prod_basic_monthly', allowedProrationModes: ['difference_immediately' as const] };

  it('says nothing is charged and that the credit stays on the subscription for future renewals', async () => {
    const { container } = setup(bob, { fixture: 'cardDeclined' });
    expect(await within(status()).findByText('Nothing is charged today.')).toBeTruthy();
    expect(
      within(status()).getByText('You get a $50.00 credit on this subscription. It is applied automatically to your next renewals.'),
    ).toBeTruthy();
    const totals = container.querySelector('dl') as HTMLElement;
    expect(within(totals).getAllByRole('term').map((el) => el.textContent)).toEqual(['Charged today', 'Credit']);
    expect(within(totals).getAllByRole('definition').map((el) => el.textContent)).toEqual(['$0.00', '$50.00']);
    expect(within(screen.getByRole('table', { name: 'Details' })).getByRole('cell', { name: '-$50.00' })).toBeTruthy();
    expect(isDisabled(confirmButton('Confirm downgrade'))).toBe(false);
    expect(screen.getByRole('radio', { name: 'Plus plan $50.00/month Downgrade' })).toBeTruthy();
  });

  it('confirming moves Bob to Basic without charging his card', async () => {
    const { memory, user } = setup(bob, { fixture: 'cardDeclined' });
    await within(status()).findByText('Nothing is charged today.');
    await user.click(confirmButton('Confirm downgrade'));
    expect(await within(status()).findByText('You are now on Basic plan.')).toBeTruthy();
    expect(memory.calls('changePlan')).toBe(1);
    expect(memory.charges()).toEqual([]);
  });
});

describe('UpgradePreview: states', () => {
  it('pending change: its own message, confirm disabled, and a retry that quotes again', async () => {
    const { memory, user } = setup({ subscriptionId: 'sub_dave_plus', defaultProductId: 'prod_pro_monthly' }, { fixture: 'planChangePending' });
    expect(
      await within(status()).findByText('An earlier plan change is still being processed. You can change plans again once it completes.'),
    ).toBeTruthy();
    expect(isDisabled(confirmButton('Confirm upgrade'))).toBe(true);
    expect(screen.getByText('Confirm upgrade').closest('[data-state]')?.getAttribute('data-state')).toBe('pending_change');

    memory.setPendingChange(false);
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    // Plus ($50) → Pro ($80), prorated over half the period: $15.
    expect(await within(status()).findByText('You will be charged $15.00 today.')).toBeTruthy();
    expect(isDisabled(confirmButton('Confirm upgrade'))).toBe(false);
    expect(memory.calls('changePlan')).toBe(0);
  });

  it('quote expired: re-quotes, says so, and needs a second confirm before anything is charged', async () => {
    let now = NOW;
    const memory = createMemoryAdapter({ now: () => now });
    const { user } = setup(alicePro, { adapter: memory });
    await within(status()).findByText('You will be charged $50.00 today.');

    now = new Date(NOW.getTime() + 6 * 60_000); // past the 5-minute quote
    await user.click(confirmButton('Confirm upgrade'));
    expect(
      await within(status()).findByText('The quote expired, so we recalculated it. Please review and confirm again.'),
    ).toBeTruthy();
    expect(within(status()).getByText('You will be charged $50.00 today.')).toBeTruthy();
    expect(memory.calls('changePlan')).toBe(1);
    expect(memory.calls('previewPlanChange')).toBe(2);
    expect(memory.charges()).toEqual([]);

    await user.click(confirmButton('Confirm upgrade'));
    expect(await within(status()).findByText('You are now on Pro plan.')).toBeTruthy();
    expect(memory.calls('changePlan')).toBe(2);
    expect(memory.charges()).toHaveLength(1);
  });

  it('quoteExpired fixture: confirm shows the re-quoted notice and charges nothing', async () => {
    const { memory, user } = setup(alicePro, { fixture: 'quoteExpired' });
    await within(status()).findByText('You will be charged $50.00 today.');
    await user.click(confirmButton('Confirm upgrade'));
    expect(await within(status()).findByText(/The quote expired, so we recalculated it/)).toBeTruthy();
    expect(isDisabled(confirmButton('Confirm upgrade'))).toBe(false);
    expect(memory.charges()).toEqual([]);
  });

  it('a retryable failure says what happened in plain words and retries with the same intent', async () => {
    const memory = createMemoryAdapter({ now: () => NOW, failures: { changePlan: { code: 'network' } } });
    const onResult = vi.fn<(outcome: UpgradePreviewOutcome) => void>();
    const { user } = setup({ ...alicePro, onResult }, { adapter: memory });
    await within(status()).findByText('You will be charged $50.00 today.');
    await user.click(confirmButton('Confirm upgrade'));
    expect(await within(status()).findByText('We could not reach the server. Check your connection and try again.')).toBeTruthy();
    expect(onResult).toHaveBeenLastCalledWith({ status: 'failed', error: expect.objectContaining({ code: 'network' }) });
    expect(isDisabled(confirmButton('Confirm upgrade'))).toBe(true);

    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await within(status()).findByText('You are now on Pro plan.')).toBeTruthy();
    expect(memory.calls('changePlan')).toBe(2);
    expect(memory.charges()).toHaveLength(1);
    expect(onResult).toHaveBeenCalledTimes(2);
  });

  it('a non-retryable failure offers to review the change again instead of repeating it', async () => {
    const memory = createMemoryAdapter({ now: () => NOW, failures: { changePlan: { code: 'price_changed' } } });
    const { user } = setup(alicePro, { adapter: memory });
    await within(status()).findByText('You will be charged $50.00 today.');
    await user.click(confirmButton('Confirm upgrade'));
    expect(await within(status()).findByText(en['error.price_changed'])).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Review the change again' }));
    expect(await within(status()).findByText('You will be charged $50.00 today.')).toBeTruthy();
    expect(isDisabled(confirmButton('Confirm upgrade'))).toBe(false);
    expect(memory.charges()).toEqual([]);
  });

  it('requires action: explains it, opens the bank page from a click, and shows the outcome once the bank answered', async () => {
    const memory = createMemoryAdapter({ fixture: 'requiresAction', now: () => NOW, autoCompleteActionMs: null });
    const openActionUrl = vi.fn<(url: string) => void>();
    const onResult = vi.fn();
    const { user } = setup({ ...alicePro, subscriptionId: 'sub_erin_basic', openActionUrl, onResult }, { adapter: memory });
    await within(status()).findByText('You will be charged $50.00 today.');
    await user.click(confirmButton('Confirm upgrade'));
    expect(await within(status()).findByText('Your bank needs you to confirm this payment.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Confirm with your bank (opens in a new window)' }));
    const actionUrl = openActionUrl.mock.calls[0]?.[0] ?? '';
    expect(actionUrl).toMatch(/\/action\/pca_/);
    expect(await within(status()).findByText('Your payment is being confirmed…')).toBeTruthy();
    expect(memory.charges()).toEqual([]);

    // The customer confirms at the bank; the component learns it by polling, without a reload.
    memory.completeAction(actionUrl.slice(actionUrl.lastIndexOf('/') + 1));
    expect(await within(status()).findByText('You are now on Pro plan.', undefined, { timeout: 5_000 })).toBeTruthy();
    expect(memory.charges().map((charge) => charge.amount.minor)).toEqual([5000]);
    expect(onResult).toHaveBeenCalledTimes(1);
    expect(onResult).toHaveBeenCalledWith({ status: 'succeeded', result: expect.objectContaining({ newPlan: expect.objectContaining({ productId: 'prod_pro_monthly' }) }) });
  });

  it('loading: a busy root and a loading status while the plans load', async () => {
    const { container } = setup({}, { fixture: 'loading' });
    expect(within(status()).getByText('Loading…')).toBeTruthy();
    expect(container.firstElementChild?.getAttribute('aria-busy')).toBe('true');
    expect(container.firstElementChild?.getAttribute('data-state')).toBe('loading');
    expect(screen.queryByRole('radio')).toBeNull();
  });

  it('network error: plain-language reason and a retry that loads the plans again', async () => {
    const { memory, user } = setup({}, { fixture: 'networkError' });
    expect(await within(status()).findByText(/We could not load your plan options\./)).toBeTruthy();
    expect(within(status()).getByText('We could not reach the server. Check your connection and try again.')).toBeTruthy();
    expect(memory.calls('getOffers')).toBe(1);
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(memory.calls('getOffers')).toBe(2));
    await within(status()).findByText(/We could not load your plan options\./);
  });

  it('no other plan to switch to: says so', async () => {
    setup({ offers: [] });
    expect(within(status()).getByText('There are no other plans to switch to.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /confirm/i })).toBeNull();
  });
});

describe('UpgradePreview: languages and currencies', () => {
  it('reads in Hindi with the hi catalog, hi-IN dates and Intl money', async () => {
    setup(alicePro, { locale: 'hi-IN', messages: hi });
    expect(await within(status()).findByText('आज आपसे $50.00 लिए जाएँगे।')).toBeTruthy();
    expect(isDisabled(confirmButton('अपग्रेड की पुष्टि करें'))).toBe(false);
    expect(screen.getByRole('region', { name: 'मौजूदा प्लान' })).toBeTruthy();
    expect(screen.getByText('$80.00/माह', { selector: '[data-plan="new"] *' })).toBeTruthy();
    const renewal = new Intl.DateTimeFormat('hi-IN', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date('2026-12-13T00:00:00Z'));
    expect(screen.getByText(`अगला नवीनीकरण ${renewal}`)).toBeTruthy();
    expect(screen.getByText('जुड़ा: Unlimited projects')).toBeTruthy();
  });

  it('formats INR with Indian digit grouping in hi-IN and Western grouping in en-US', async () => {
    const inr = (minor: number) => money(minor, 'INR');
    const plan = (id: string, minor: number) => ({ productId: id, name: id === 'prod_inr_pro' ? 'Pro (INR)' : 'Basic (INR)', price: inr(minor), interval: 'year' as const, features: [] });
    const preview = makePreview('prod_inr_pro', {
      currentPlan: plan('prod_inr_basic', 9_990_000),
      newPlan: plan('prod_inr_pro', 29_980_000),
      chargeToday: inr(19_990_000),
      credit: inr(0),
      newRecurringPrice: inr(29_980_000),
    });
    const offer = makeOffer('inr_pro', { kind: 'plan_change', product: { id: 'prod_inr_pro', name: 'Pro (INR)', description: null, imageUrl: null, features: [] }, price: inr(29_980_000), interval: 'year', currentPlan: plan('prod_inr_basic', 9_990_000) });
    const adapter: UpsellAdapter = { ...createMemoryAdapter({ now: () => NOW }), previewPlanChange: async () => preview };

    const hindi = setup({ offers: [offer], defaultProductId: 'prod_inr_pro' }, { adapter, locale: 'hi-IN', messages: hi });
    expect(await within(status()).findByText('आज आपसे ₹1,99,900.00 लिए जाएँगे।')).toBeTruthy();
    expect(screen.getByText('फिर ₹2,99,800.00/वर्ष')).toBeTruthy();
    hindi.unmount();

    setup({ offers: [offer], defaultProductId: 'prod_inr_pro' }, { adapter });
    expect(await within(status()).findByText('You will be charged ₹199,900.00 today.')).toBeTruthy();
  });
});

describe('UpgradePreview: semantics without styles', () => {
  it('has native groups, radios, headings, a table and a status region, and no stylesheet', async () => {
    const { container } = setup({
      ...alicePro,
      allowedProrationModes: ['prorated_immediately', 'difference_immediately'],
      defaultProrationMode: 'difference_immediately',
      allowQuantity: true,
      className: 'host-card',
    });
    await within(status()).findByText('You will be charged $50.00 today.');
    expect(document.querySelectorAll('style, link[rel="stylesheet"]')).toHaveLength(0);

    const root = container.firstElementChild as HTMLElement;
    expect(root.className).toBe('uk-root uk-upgrade-preview host-card');
    expect(root?.getAttribute('data-state')).toBe('ready');
    expect(root?.getAttribute('data-direction')).toBe('upgrade');

    expect(within(screen.getByRole('group', { name: 'Choose your new plan' })).getAllByRole('radio')).toHaveLength(2);
    expect(within(screen.getByRole('group', { name: 'How to bill the change' })).getAllByRole('radio')).toHaveLength(2);
    expect((screen.getByRole('spinbutton', { name: 'Seats' }) as HTMLInputElement).value).toBe('1');
    expect(screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual(['Current plan', 'New plan']);
    expect(screen.getByRole('table', { name: 'Details' })).toBeTruthy();
    expect(status()?.getAttribute('aria-live')).toBe('polite');
    expect(confirmButton('Confirm upgrade')?.getAttribute('type')).toBe('button');
    expect(container.querySelector('[data-slot="picker"]')).not.toBeNull();
  });

  it('lets the host set the heading level', async () => {
    setup({ ...alicePro, headingLevel: 2 });
    await within(status()).findByText('You will be charged $50.00 today.');
    expect(screen.getAllByRole('heading', { level: 2 })).toHaveLength(2);
  });

  it('keyboard: arrow keys move between plans and Enter on confirm changes the plan', async () => {
    // jsdom lacks CSS.escape, which user-event uses to find the radios of a group for arrow keys.
    if (typeof CSS === 'undefined') vi.stubGlobal('CSS', { escape: (value: string) => value.replace(/[^\w-]/g, (ch) => `\\${ch}`) });
    onTestFinished(() => {
      vi.unstubAllGlobals();
    });
    const { memory, user } = setup({ defaultProductId: 'prod_plus_monthly', allowedProrationModes: ['difference_immediately'] });
    await within(status()).findByText('You will be charged $20.00 today.');
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('radio', { name: /Plus plan/ }));
    await user.keyboard('{ArrowDown}');
    expect(isChecked(screen.getByRole('radio', { name: /Pro plan/ }))).toBe(true);
    await within(status()).findByText('You will be charged $50.00 today.');
    confirmButton('Confirm upgrade').focus();
    await user.keyboard('{Enter}');
    await within(status()).findByText('You are now on Pro plan.');
    expect(memory.calls('changePlan')).toBe(1);
  });
});

describe('UpgradePreview: axe', () => {
  it('has no violations when ready to upgrade, with every control shown', async () => {
    const { container } = setup({ ...alicePro, allowedProrationModes: ['prorated_immediately', 'difference_immediately'], allowQuantity: true });
    await within(status()).findByText(/You will be charged/);
    await expectNoAxeViolations(container);
  });

  it('has no violations for a downgrade with credit', async () => {
    const { container } = setup(
      { subscriptionId: 'sub_bob_pro', defaultProductId: 'prod_basic_monthly', allowedProrationModes: ['difference_immediately'] },
      { fixture: 'cardDeclined' },
    );
    await within(status()).findByText('Nothing is charged today.');
    await expectNoAxeViolations(container);
  });

  it('has no violations in the pending-change and the failed states', async () => {
    const pending = setup({ subscriptionId: 'sub_dave_plus', defaultProductId: 'prod_pro_monthly' }, { fixture: 'planChangePending' });
    await within(status()).findByText(/An earlier plan change/);
    await expectNoAxeViolations(pending.container);
    pending.unmount();

    const failed = setup({}, { fixture: 'networkError' });
    await within(status()).findByText(/We could not load your plan options/);
    await expectNoAxeViolations(failed.container);
  });
});
