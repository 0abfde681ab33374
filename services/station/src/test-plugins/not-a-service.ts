/** A module that exports no service definition. */
export const greeting = { "zh-CN": "你好", en: "hello" };
