/**
 * The kit's browser entry, straight from its source so the demo always runs the current code.
 * In your own app this file is simply `import … from 'upsell-kit'`.
 */
export * from '../../../src/index';
