// The i18n kernel: languages, catalogues, the current reader, and Intl formats. Everything else imports from here.
export { locales, localeNames, isLocale, parseLocale, negotiateLocale, localeFromEnv, defaultLocaleFromEnv, type Locale } from "./locales.js";
export { catalogues, isMessageKey, type Catalogue, type MessageKey } from "./catalogue.js";
export { translate, translator, translateOr, intlLocale, type MessageValues, type Translator } from "./translate.js";
export { withPresentation, currentPresentation, currentLocale, t, label, clientTemplate, type Presentation } from "./presentation.js";
export { formatNumber, formatFixed, formatPercent, formatDateTime, formatDate, formatCalendarDate, describeTimeZone } from "./format.js";
export { ruleTitle, ruleRemediation, ruleQuestion, resultMessage, findingTitle } from "./rule-text.js";
