package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RoundTripTest {
    @Test
    void aMessageGoesFromClientToServer() throws Exception {
        assertEquals("hello from a consumer", RoundTrip.send("hello from a consumer"));
    }
}
