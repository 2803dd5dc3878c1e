import { benchConfig } from "./rules";

export const config = benchConfig(1);
