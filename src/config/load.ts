/**
 * The config API in one place: finding and loading (read.ts) and validating
 * (validate.ts). Importing this module loads zod; a command that must start
 * fast (`list`) imports read.ts, which loads zod only when the validated
 * config is not in the cache (cache.ts).
 */
export {
  CONFIG_FILES,
  findConfigFile,
  loadConfig,
  loadConfigIfAny,
  type LoadedConfig,
} from "./read.js";
export { defaultConfig, validateConfig } from "./validate.js";
