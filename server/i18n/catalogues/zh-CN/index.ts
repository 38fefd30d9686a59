// 简体中文目录：与英文目录逐键对应（键缺失即编译失败）。
import { en } from "../en/index.js";
import { common } from "./common.js";
import { imports } from "./imports.js";

// TRANSLATION IN PROGRESS: areas not yet translated fall back to the English text (removed once every area is done)
export const zhCN = { ...en, ...common, ...imports };
