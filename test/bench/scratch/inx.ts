import { inboundBench } from "./inbound-x.js";
console.log(JSON.stringify(await inboundBench()));
