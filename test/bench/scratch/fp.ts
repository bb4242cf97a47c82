import { footprintBench } from "../footprint.js";
import { retrievalBench } from "../retrieval.js";
console.log(retrievalBench());
console.log(await footprintBench());
