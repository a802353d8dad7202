/**
 * Display names for card networks. Dodo reports `card_network` as the processor spells it
 * ("VISA", "MASTERCARD", "AMERICAN EXPRESS"); customers recognise "Visa", "Mastercard", "Amex".
 */

const KNOWN_BRANDS: Readonly<Record<string, string>> = {
  VISA: 'Visa',
  MASTERCARD: 'Mastercard',
  'MASTER CARD': 'Mastercard',
  AMEX: 'Amex',
  'AMERICAN EXPRESS': 'Amex',
  AMERICANEXPRESS: 'Amex',
  RUPAY: 'RuPay',
  DISCOVER: 'Discover',
  DINERS: 'Diners Club',
  'DINERS CLUB': 'Diners Club',
  DINERSCLUB: 'Diners Club',
  JCB: 'JCB',
  UNIONPAY: 'UnionPay',
  MAESTRO: 'Maestro',
  CARTESBANCAIRES: 'Cartes Bancaires',
  'CARTES BANCAIRES': 'Cartes Bancaires',
};

/** The customer-facing name of a card network ("VISA" → "Visa"); unknown names are kept, null → "Card". */
export function cardBrandName(network: string | null | undefined): string {
  const trimmed = network?.trim();
  if (!trimmed) return 'Card';
  return KNOWN_BRANDS[trimmed.toUpperCase().replace(/[_-]/g, ' ')] ?? KNOWN_BRANDS[trimmed.toUpperCase().replace(/[\s_-]/g, '')] ?? trimmed;
}
