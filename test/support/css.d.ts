/** Lets tests and stories import stylesheets (`import '../../src/styles.css'`), which Vite bundles. */
/// <reference types="vite/client" />
