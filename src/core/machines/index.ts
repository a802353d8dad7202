/** Pure state machines (reducers) of the offer and plan-change flows, shared by every hook. */
export * from './error-info';
export * from './offer-machine';
export * from './plan-change-machine';
