//! The local demo catalog: believable products across categories, Spanish texts, ARS prices, some
//! with a welcome trial, and the contract's `BIENVENIDA20` coupon. Fixed ids keep seeding
//! idempotent.

use cloudstore::catalog::{Coupon, Duration, Plan, Product};
use cloudstore::domain::Money;
use cloudstore::ids::{CouponCode, PlanId, ProductId};
use cloudstore::{App, AppError};

/// The demo coupon of the contract: 20 % off the first month, once per company.
pub const WELCOME_COUPON: &str = "BIENVENIDA20";

struct Demo {
    id: &'static str,
    name: &'static str,
    vendor: &'static str,
    category: &'static str,
    summary: &'static str,
    features: [&'static str; 3],
    /// (plan id, name, monthly price in centavos, trial days)
    plans: &'static [(&'static str, &'static str, i64, u32)],
}

const DEMOS: &[Demo] = &[
    Demo {
        id: "01KMR1CGMF3GWNFANHQBRYBPZJ",
        name: "Nube Oficina Pro",
        vendor: "Andes Software",
        category: "Productividad",
        summary: "Correo, calendario, documentos y planillas en la nube para toda la empresa.",
        features: [
            "Correo con tu dominio y 50 GB por casilla",
            "Documentos y planillas compartidos en tiempo real",
            "Videollamadas de hasta 100 personas",
        ],
        plans: &[("basico", "Básico", 890_000, 30), ("estandar", "Estándar", 1_590_000, 30)],
    },
    Demo {
        id: "01KMR301Z6D7S9DX7VW94EDFBF",
        name: "Archivo Total",
        vendor: "Patagonia Data",
        category: "Almacenamiento",
        summary: "Almacenamiento y copias de seguridad con recuperación de versiones.",
        features: ["1 TB por usuario", "Historial de versiones de 180 días", "Enlaces para compartir con vencimiento"],
        plans: &[("equipo", "Equipo", 1_250_000, 0)],
    },
    Demo {
        id: "01KMR5D34AHVB210RXHCMX5DQK",
        name: "Reunión Plus",
        vendor: "Pampa Comunicaciones",
        category: "Comunicaciones",
        summary: "Videoconferencias, seminarios web y salas virtuales estables incluso con poca señal.",
        features: ["Reuniones de hasta 30 horas", "Grabación en la nube", "Números de acceso telefónico locales"],
        plans: &[("pro", "Pro", 1_300_000, 14), ("empresa", "Empresa", 2_100_000, 14)],
    },
    Demo {
        id: "01KMRAFB9XGAX5X5BYPFCEYGZH",
        name: "Escudo Endpoint",
        vendor: "Ciberguardia",
        category: "Seguridad",
        summary: "Antivirus y protección de equipos administrada desde la nube.",
        features: ["Protección contra ransomware", "Consola de administración web", "Control de dispositivos USB"],
        plans: &[("estandar", "Estándar", 540_000, 0)],
    },
    Demo {
        id: "01KMRZ5RF9HA7NQ5DKN1PCT20F",
        name: "Gestión Pyme ERP",
        vendor: "Litoral Sistemas",
        category: "Gestión",
        summary: "Ventas, compras, stock y contabilidad integrados para pymes argentinas.",
        features: ["Libro IVA digital", "Stock multidepósito", "Tablero de indicadores"],
        plans: &[("inicial", "Inicial", 4_500_000, 15), ("avanzado", "Avanzado", 7_900_000, 15)],
    },
    Demo {
        id: "01KMR4670BK382X69K91NY0VTH",
        name: "Factura Ya",
        vendor: "Litoral Sistemas",
        category: "Facturación",
        summary: "Facturación electrónica autorizada por AFIP desde el navegador o el celular.",
        features: ["Facturas A, B y C", "Envío automático por email", "Integración con Gestión Pyme ERP"],
        plans: &[("mensual", "Mensual", 650_000, 30)],
    },
    Demo {
        id: "01KMR8QZ2038FTQBXYCX62A53Y",
        name: "Mesa de Ayuda 360",
        vendor: "Cuyo Digital",
        category: "Atención al cliente",
        summary: "Tickets, chat y base de conocimiento para atender a tus clientes.",
        features: ["Chat en el sitio web y WhatsApp", "Acuerdos de nivel de servicio", "Encuestas de satisfacción"],
        plans: &[("agente", "Por agente", 2_400_000, 0)],
    },
];

fn product(demo: &Demo) -> Product {
    let slug: String = demo
        .name
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'á' => 'a',
            'é' => 'e',
            'í' => 'i',
            'ó' => 'o',
            'ú' => 'u',
            'ñ' => 'n',
            ' ' => '-',
            other => other,
        })
        .collect();
    Product {
        id: ProductId::parse(demo.id).expect("a demo product id"),
        name: demo.name.into(),
        vendor: demo.vendor.into(),
        category: demo.category.into(),
        summary: demo.summary.into(),
        description: format!("{} Soporte en español y facturación en pesos con tu factura de telefonía.", demo.summary),
        features: demo.features.iter().map(|f| f.to_string()).collect(),
        screenshots: vec![format!("https://apps.cloudstore.test/{slug}/captura-1.png")],
        manual_url: format!("https://apps.cloudstore.test/{slug}/manual.pdf"),
        help_url: format!("https://apps.cloudstore.test/{slug}/ayuda"),
        launch_url: format!("https://apps.cloudstore.test/{slug}/"),
        icon_url: format!("https://apps.cloudstore.test/{slug}/icono.png"),
        plans: demo
            .plans
            .iter()
            .map(|(id, name, price, trial)| Plan {
                id: PlanId::parse(id).expect("a demo plan id"),
                name: name.to_string(),
                price: Money::ars(*price),
                trial_days: *trial,
            })
            .collect(),
        active: true,
    }
}

/// The demo products (also used by the tests).
pub fn demo_products() -> Vec<Product> {
    DEMOS.iter().map(product).collect()
}

/// The contract's welcome coupon.
pub fn welcome_coupon() -> Coupon {
    Coupon {
        description: "20 % de descuento en el primer mes, una vez por empresa.".into(),
        percent_off_bp: Some(2_000),
        ..Coupon::new(CouponCode::parse(WELCOME_COUPON).expect("the welcome code"), Duration::Once)
    }
}

/// Seeds what is missing of the demo catalog and the welcome coupon.
pub async fn seed_catalog(app: &App) -> Result<(), AppError> {
    cloudstore::catalog::seed(app, &demo_products(), &[welcome_coupon()]).await
}
