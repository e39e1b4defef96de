/**
 * One specific ordering/nesting of the coding loops.
 *
 * Copyright 2015, Backblaze, Inc.  All rights reserved.
 */
/*
 * Vendored from Backblaze's JavaReedSolomon (https://github.com/Backblaze/JavaReedSolomon, commit e1dc5e5), MIT
 * License: the full text is META-INF/LICENSE-JavaReedSolomon.txt in this jar (and see NOTICE). Changed for
 * JetStreamProto: package; a final class with a static method instead of one of twelve CodingLoop implementations
 * (this nesting, output shard / input shard / byte with the multiplication table, was the fastest of Backblaze's
 * twelve for packet-sized shards: CodingLoopBenchmark in jsp-benchmarks); checkSomeShards removed (unused).
 */

package io.jetstreamproto.fec.internal.rs;

/**
 * Computes output shards as linear combinations of input shards: for each output, for each input, for each byte,
 * {@code output[byte] ^= matrixRow[input] * input[byte]} with the 64 KiB multiplication table. With packet-sized
 * shards every row involved stays in the L1 cache, and the inner loop is a table lookup and an XOR per byte.
 */
final class OutputInputByteTableCodingLoop {

    private OutputInputByteTableCodingLoop() {}

    /**
     * Multiplies a subset of rows from a coding matrix by a full set of
     * input shards to produce some output shards.
     *
     * @param matrixRows The rows from the matrix to use.
     * @param inputs An array of byte arrays, each of which is one input shard.
     *               The inputs array may have extra buffers after the ones
     *               that are used.  They will be ignored.  The number of
     *               inputs used is determined by the length of the
     *               each matrix row.
     * @param inputCount The number of input byte arrays.
     * @param outputs Byte arrays where the computed shards are stored.  The
     *                outputs array may also have extra, unused, elements
     *                at the end.  The number of outputs computed, and the
     *                number of matrix rows used, is determined by
     *                outputCount.
     * @param outputCount The number of outputs to compute.
     * @param offset The index in the inputs and output of the first byte
     *               to process.
     * @param byteCount The number of bytes to process.
     */
    static void codeSomeShards(
            byte[][] matrixRows,
            byte[][] inputs, int inputCount,
            byte[][] outputs, int outputCount,
            int offset, int byteCount) {

        final byte [] [] table = Galois.MULTIPLICATION_TABLE;
        for (int iOutput = 0; iOutput < outputCount; iOutput++) {
            final byte [] outputShard = outputs[iOutput];
            final byte[] matrixRow = matrixRows[iOutput];
            {
                final int iInput = 0;
                final byte [] inputShard = inputs[iInput];
                final byte [] multTableRow = table[matrixRow[iInput] & 0xFF];
                for (int iByte = offset; iByte < offset + byteCount; iByte++) {
                    outputShard[iByte] = multTableRow[inputShard[iByte] & 0xFF];
                }
            }
            for (int iInput = 1; iInput < inputCount; iInput++) {
                final byte [] inputShard = inputs[iInput];
                final byte [] multTableRow = table[matrixRow[iInput] & 0xFF];
                for (int iByte = offset; iByte < offset + byteCount; iByte++) {
                    outputShard[iByte] ^= multTableRow[inputShard[iByte] & 0xFF];
                }
            }
        }
    }
}
