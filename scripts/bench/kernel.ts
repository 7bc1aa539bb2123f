export async function kernelBench(): Promise<void> { console.log("todo"); }
