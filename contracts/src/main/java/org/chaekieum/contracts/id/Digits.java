package org.chaekieum.contracts.id;

final class Digits {
    private Digits() {
    }

    static boolean all(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
