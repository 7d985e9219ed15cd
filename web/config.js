// The panel's runtime configuration. `node serve.mjs --api URL` answers /config.js itself with the
// address it was given; this file is the default for any other static server (replace it when
// deploying, e.g. with the API Gateway URL of the stage).
window.CLOUDSTORE_CONFIG = window.CLOUDSTORE_CONFIG || Object.freeze({ apiBaseUrl: 'http://127.0.0.1:9000' });
