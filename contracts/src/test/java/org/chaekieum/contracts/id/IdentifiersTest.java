package org.chaekieum.contracts.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.error.InvalidIdentifierException;
import org.junit.jupiter.api.Test;

class IdentifiersTest {

    @Test
    void libraryCodeIsSixDigitsWithTypeRegionAndIsil() {
        LibraryCode code = LibraryCode.of("111001");
        assertThat(code.type()).isEqualTo('1');
        assertThat(code.regionDigits()).isEqualTo("11");
        assertThat(code.isil()).isEqualTo("KR-111001");
        for (String bad : new String[] {null, "", "11100", "1110011", "11100a", "KR-111"}) {
            assertThatThrownBy(() -> LibraryCode.of(bad))
                    .isInstanceOf(InvalidIdentifierException.class)
                    .extracting(e -> ((InvalidIdentifierException) e).code())
                    .isEqualTo(ErrorCode.LIBRARY_CODE_INVALID);
        }
    }

    @Test
    void itemBarcodeTellsItsOwningLibraryInBothForms() {
        ItemBarcode withDollar = ItemBarcode.parse("$111001EM0000012345");
        ItemBarcode without = ItemBarcode.parse("111001EM0000012345");
        assertThat(withDollar).isEqualTo(without);
        assertThat(withDollar.owningLibrary()).isEqualTo(LibraryCode.of("111001"));
        assertThat(withDollar.registrationNumber()).isEqualTo("EM0000012345");
        assertThat(withDollar.value()).isEqualTo("$111001EM0000012345");
    }

    @Test
    void itemBarcodeRefusesWrongLengthsAndShapes() {
        for (String bad : new String[] {null, "", "$111001EM000001234", "$111001EM00000123456", "$11100XEM0000012345",
                "$111001000000012345", "$111001em0000012345", "#111001EM0000012345"}) {
            assertThatThrownBy(() -> ItemBarcode.parse(bad))
                    .as(String.valueOf(bad))
                    .isInstanceOf(InvalidIdentifierException.class)
                    .extracting(e -> ((InvalidIdentifierException) e).code())
                    .isEqualTo(ErrorCode.ITEM_BARCODE_INVALID);
        }
    }
}
