package dev.berth.hcs.binding;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import java.nio.charset.StandardCharsets;

/**
 * Marshals {@code PCWSTR} text explicitly as UTF-16LE with a 2-byte NUL, so the binding behaves the same on Windows
 * and against the Linux stub (where JNA's {@code WString} would be 4-byte {@code wchar_t}).
 */
public final class Utf16
{
    private Utf16() {}

    /** Native memory holding {@code text} as UTF-16LE plus a NUL unit; freed when the Memory is collected. Null for null. */
    public static Memory of(String text)
    {
        if (text == null) {
            return null;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_16LE);
        Memory memory = new Memory(bytes.length + 2L);
        memory.write(0, bytes, 0, bytes.length);
        memory.setShort(bytes.length, (short) 0);
        return memory;
    }

    /** Reads NUL-terminated UTF-16LE text at {@code pointer}; null for a null pointer. */
    public static String read(Pointer pointer)
    {
        if (pointer == null) {
            return null;
        }
        long units = 0;
        while (pointer.getShort(units * 2) != 0) {
            units++;
        }
        return new String(pointer.getByteArray(0, (int) (units * 2)), StandardCharsets.UTF_16LE);
    }

    /** Reads at most {@code units} UTF-16LE code units at {@code pointer}, stopping at the first NUL. */
    public static String read(Pointer pointer, long units)
    {
        long length = 0;
        while (length < units && pointer.getShort(length * 2) != 0) {
            length++;
        }
        return new String(pointer.getByteArray(0, (int) (length * 2)), StandardCharsets.UTF_16LE);
    }
}
