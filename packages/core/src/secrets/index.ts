export { type AgeKeyPair, generateAgeKeyPair } from "./age-keys.js";
export { DEFAULT_ENCRYPTED_REGEX } from "./crypt-rules.js";
export { decryptSopsYaml } from "./decrypt.js";
export { type EncryptOptions, encryptSopsYaml } from "./encrypt.js";
export { adviceFor, locatedMessage, SopsError, type SopsErrorReason } from "./errors.js";
export { defaultAgeKeyFile, loadAgeIdentities, requireAgeIdentities } from "./identities.js";
export { inspectSopsYaml, type SopsInspection } from "./inspect.js";
export { type RotateOptions, rotateSopsYaml } from "./rotate.js";
export {
  type CreationRule,
  findSopsConfig,
  parseSopsConfig,
  ruleFor,
  type SopsConfig,
} from "./sops-config.js";
export { type Keyring, keyringOf, verifyMac } from "./verify-mac.js";
