/**
 * The shop's own words in English and Hindi. The kit's components bring their own catalogs
 * (`en` built in, `hi` from `upsell-kit/locales/hi`); this is only the shell around them.
 */
import { createContext, useContext } from 'react';

export type Language = 'en' | 'hi';

/** BCP 47 locale for `Intl` and the kit's provider. */
export const LOCALES: Record<Language, string> = { en: 'en-US', hi: 'hi-IN' };

const en = {
  skipToContent: 'Skip to content',
  brand: 'Upsell kit demo shop',
  navLabel: 'Main',
  navShop: 'Shop',
  navCart: 'Cart',
  navCartCount: 'Cart ({count})',
  navAccount: 'Account',
  navInsights: 'Insights',
  language: 'Language',
  darkMode: 'Dark mode',
  signedInAs: 'Signed in as {name}',
  signIn: 'Sign in',
  signOut: 'Sign out',
  loading: 'Loading…',
  genericError: 'Something went wrong. Please try again.',
  footerSandbox: 'Payments run against the local Dodo sandbox: no real money moves.',
  footerDodo: 'Payments run against Dodo Payments test mode.',

  signInTitle: 'Sign in',
  signInIntro: 'Pick a customer of the Dodo sandbox. Each one shows another case of Dodo’s upsell guide.',
  signInAs: 'Sign in as {name}',
  signInNeeded: 'Please sign in to continue.',
  'story.cus_alice': 'Visa •• 4242 works one-click. On the Basic plan.',
  'story.cus_bob': 'His usual card is declined; an older Mastercard still works. On the Pro plan.',
  'story.cus_carol': 'Her only saved card has expired.',
  'story.cus_priya': 'Lives in India; her RuPay card pays in rupees only.',
  'story.cus_dave': 'No saved cards; an earlier plan change is still pending.',
  'story.cus_erin': 'Her card asks for 3-D Secure every time, also for a plan change. On the Basic plan.',
  resetTitle: 'Start over',
  resetHint: 'Puts the sandbox back to its starting state and clears the kit’s data: purchases, declines and offer statistics.',
  reset: 'Reset demo data',
  resetting: 'Resetting…',
  resetDone: 'The demo is back to its starting state.',

  shopTitle: 'Shop',
  shopIntro: 'Buy something to see a post-purchase offer. You pay on the sandbox’s hosted checkout page, as you would on Dodo’s.',
  buyNow: 'Buy now',
  addToCart: 'Add to cart',
  addedToCart: '{product} is in your cart.',
  redirecting: 'Taking you to checkout…',

  cartTitle: 'Your cart',
  cartEmpty: 'Your cart is empty.',
  cartRemove: 'Remove',
  cartQuantity: 'Quantity',
  cartTotal: 'Total',
  cartCheckout: 'Check out',
  cartCrossSells: 'Goes well with your order',

  thanksTitle: 'Thank you for your order!',
  thanksFailedTitle: 'Your payment did not go through',
  thanksFailedBody: 'Nothing was charged. You can try again from the shop.',
  thanksProcessingTitle: 'Your payment is being confirmed',
  thanksMissing: 'This page shows an order after checkout. Start from the shop.',
  thanksOrder: 'Your order',
  thanksPaid: 'Paid {total}',
  thanksAdded: 'Added to your order: {product}.',
  offerPaidTitle: 'Payment confirmed',
  offerPaidBody: 'Your bank confirmed the payment. If this page opened in a separate window, you can close it and return to the shop.',
  offerFailedTitle: 'The payment was not completed',
  backToShop: 'Back to the shop',
  seeAccount: 'See your account',

  accountTitle: 'Your account',
  accountPlans: 'Your plan',
  accountNoPlan: 'You have no subscription yet. Buy the Basic plan in the shop.',
  accountRenews: 'Renews on {date}',
  accountChangeAgain: 'Change plan again',
  accountCards: 'Saved cards',
  accountNoCards: 'No saved cards.',
  accountOrders: 'Your orders',
  accountNoOrders: 'No orders yet.',
  accountOrderDate: 'Date',
  accountOrderItems: 'Items',
  accountOrderTotal: 'Total',

  insightsTitle: 'Offer insights',
  insightsIntro: 'How often each offer was shown, accepted and declined. A real shop shows this to its staff only.',
  insightsWhose: 'Whose offers',
  insightsAll: 'All customers',
  insightsBrowser: 'This browser',

  notFoundTitle: 'Page not found',
};

export type TextKey = keyof typeof en;

const hi: Record<TextKey, string> = {
  skipToContent: 'सामग्री पर जाएँ',
  brand: 'अपसेल किट डेमो शॉप',
  navLabel: 'मुख्य',
  navShop: 'दुकान',
  navCart: 'कार्ट',
  navCartCount: 'कार्ट ({count})',
  navAccount: 'खाता',
  navInsights: 'आँकड़े',
  language: 'भाषा',
  darkMode: 'डार्क मोड',
  signedInAs: '{name} के रूप में साइन इन',
  signIn: 'साइन इन करें',
  signOut: 'साइन आउट करें',
  loading: 'लोड हो रहा है…',
  genericError: 'कुछ गड़बड़ हो गई। कृपया फिर से कोशिश करें।',
  footerSandbox: 'भुगतान स्थानीय डोडो सैंडबॉक्स पर चलते हैं: कोई असली पैसा नहीं कटता।',
  footerDodo: 'भुगतान डोडो पेमेंट्स के टेस्ट मोड पर चलते हैं।',

  signInTitle: 'साइन इन करें',
  signInIntro: 'डोडो सैंडबॉक्स का एक ग्राहक चुनें। हर ग्राहक डोडो की अपसेल गाइड का एक अलग मामला दिखाता है।',
  signInAs: '{name} के रूप में साइन इन करें',
  signInNeeded: 'आगे बढ़ने के लिए कृपया साइन इन करें।',
  'story.cus_alice': 'Visa •• 4242 से एक क्लिक में भुगतान। बेसिक प्लान पर।',
  'story.cus_bob': 'उनका रोज़ का कार्ड अस्वीकार हो जाता है; एक पुराना Mastercard अब भी चलता है। प्रो प्लान पर।',
  'story.cus_carol': 'उनका एकमात्र सहेजा गया कार्ड समाप्त हो चुका है।',
  'story.cus_priya': 'भारत में रहती हैं; उनका RuPay कार्ड केवल रुपये में भुगतान करता है।',
  'story.cus_dave': 'कोई सहेजा गया कार्ड नहीं; पिछला प्लान बदलाव अभी बाकी है।',
  'story.cus_erin': 'उनका कार्ड हर बार 3-D Secure माँगता है, प्लान बदलने पर भी। बेसिक प्लान पर।',
  resetTitle: 'फिर से शुरू करें',
  resetHint: 'सैंडबॉक्स को शुरुआती स्थिति में लौटाता है और किट का डेटा मिटाता है: खरीदारी, अस्वीकार और ऑफ़र के आँकड़े।',
  reset: 'डेमो डेटा रीसेट करें',
  resetting: 'रीसेट हो रहा है…',
  resetDone: 'डेमो अपनी शुरुआती स्थिति में लौट आया है।',

  shopTitle: 'दुकान',
  shopIntro: 'खरीदारी के बाद का ऑफ़र देखने के लिए कुछ खरीदें। भुगतान सैंडबॉक्स के होस्टेड चेकआउट पेज पर होता है, जैसे डोडो पर।',
  buyNow: 'अभी खरीदें',
  addToCart: 'कार्ट में डालें',
  addedToCart: '{product} आपके कार्ट में है।',
  redirecting: 'आपको चेकआउट पर ले जा रहे हैं…',

  cartTitle: 'आपका कार्ट',
  cartEmpty: 'आपका कार्ट खाली है।',
  cartRemove: 'हटाएँ',
  cartQuantity: 'मात्रा',
  cartTotal: 'कुल',
  cartCheckout: 'चेकआउट करें',
  cartCrossSells: 'आपके ऑर्डर के साथ अच्छा लगेगा',

  thanksTitle: 'आपके ऑर्डर के लिए धन्यवाद!',
  thanksFailedTitle: 'आपका भुगतान नहीं हो पाया',
  thanksFailedBody: 'कोई पैसा नहीं कटा। आप दुकान से फिर से कोशिश कर सकते हैं।',
  thanksProcessingTitle: 'आपके भुगतान की पुष्टि हो रही है',
  thanksMissing: 'यह पेज चेकआउट के बाद ऑर्डर दिखाता है। दुकान से शुरू करें।',
  thanksOrder: 'आपका ऑर्डर',
  thanksPaid: '{total} का भुगतान हुआ',
  thanksAdded: 'आपके ऑर्डर में जोड़ा गया: {product}।',
  offerPaidTitle: 'भुगतान की पुष्टि हो गई',
  offerPaidBody: 'आपके बैंक ने भुगतान की पुष्टि कर दी। अगर यह पेज अलग विंडो में खुला है, तो उसे बंद करके दुकान पर लौटें।',
  offerFailedTitle: 'भुगतान पूरा नहीं हुआ',
  backToShop: 'दुकान पर वापस जाएँ',
  seeAccount: 'अपना खाता देखें',

  accountTitle: 'आपका खाता',
  accountPlans: 'आपका प्लान',
  accountNoPlan: 'आपकी अभी कोई सदस्यता नहीं है। दुकान से बेसिक प्लान खरीदें।',
  accountRenews: '{date} को नवीनीकरण',
  accountChangeAgain: 'फिर से प्लान बदलें',
  accountCards: 'सहेजे गए कार्ड',
  accountNoCards: 'कोई सहेजा गया कार्ड नहीं।',
  accountOrders: 'आपके ऑर्डर',
  accountNoOrders: 'अभी कोई ऑर्डर नहीं।',
  accountOrderDate: 'तारीख',
  accountOrderItems: 'सामान',
  accountOrderTotal: 'कुल',

  insightsTitle: 'ऑफ़र के आँकड़े',
  insightsIntro: 'हर ऑफ़र कितनी बार दिखाया, स्वीकार और अस्वीकार किया गया। असली दुकान यह केवल अपने कर्मचारियों को दिखाती है।',
  insightsWhose: 'किसके ऑफ़र',
  insightsAll: 'सभी ग्राहक',
  insightsBrowser: 'यह ब्राउज़र',

  notFoundTitle: 'पेज नहीं मिला',
};

const CATALOGS: Record<Language, Record<TextKey, string>> = { en, hi };

/** The shell's translator. */
export type Text = (key: TextKey, values?: Record<string, string | number>) => string;

/** A translator for `language`: `{name}` placeholders are filled from `values`. */
export function textFor(language: Language): Text {
  const catalog = CATALOGS[language];
  return (key, values = {}) => catalog[key].replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}

/** The shell's language and translator. */
export const LanguageContext = createContext<{ language: Language; locale: string; t: Text }>({ language: 'en', locale: LOCALES.en, t: textFor('en') });

/** The shell's translator for the current language. */
export function useText(): { language: Language; locale: string; t: Text } {
  return useContext(LanguageContext);
}

/** Whether a story exists for a customer id. */
export function storyKey(customerId: string): TextKey | null {
  const key = `story.${customerId}`;
  return key in en ? (key as TextKey) : null;
}
